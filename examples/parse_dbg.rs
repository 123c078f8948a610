fn main() {
    let path = std::env::args().nth(1).unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let doc = compmap::parse::text::parse_lines(&lines);
    for c in &doc.courses {
        println!("course {} {} {} rows", c.number, c.name, c.rows.len());
        for r in &c.rows {
            println!(
                "  {:?}|{:?}|{} {}",
                r.project.as_ref().map(|p| (&p.code.text, &p.text)),
                r.task.as_ref().map(|p| (&p.code.text, &p.text)),
                r.competency.code.text,
                r.competency.text
            );
        }
    }
    for s in &doc.strays {
        println!("stray {:?}", s);
    }
}
