//! Print what the text parser rebuilds from a dump, row by row, with its strays:
//! `cargo run --example parse_text -- dump.txt`. With `COMPMAP_DEBUG=1` the parser also
//! prints, per line, how it placed each run of words and what each column would have cost
//! (the library's `log` records, sent to stderr by the binary's logger).

#[path = "../src/cli/logger.rs"]
mod logger;

fn main() {
    logger::init(false);
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: parse_text <dump.txt>");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(2);
        }
    };
    let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    let doc = compmap::parse::text::parse_lines(&lines);
    for c in &doc.courses {
        println!("course {} {} {} rows", c.course_no, c.name, c.rows.len());
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
