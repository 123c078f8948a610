//! Print what the text parser rebuilds from a dump, row by row, with its strays:
//! `cargo run --example parse_text -- dump.txt`. With `COMPMAP_DEBUG=1` the parser also
//! prints, per line, how it placed each run of words and what each column would have cost.

/// The parser's debug and trace records to stderr (the library only logs through `log`).
struct Stderr;

impl log::Log for Stderr {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        eprintln!("{}", record.args());
    }
    fn flush(&self) {}
}

fn main() {
    if std::env::var_os("COMPMAP_DEBUG").is_some() && log::set_logger(&Stderr).is_ok() {
        log::set_max_level(log::LevelFilter::Trace);
    }
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
