//! The text parser never panics, whatever the lines: mutated fixtures and junk.

use compmap::parse::text::parse_lines;

mod support;

use support::rng::Rng;

fn fixture_lines() -> Vec<String> {
    std::fs::read_to_string("fixtures/business-english-standards.txt")
        .unwrap()
        .split('\n')
        .map(str::to_string)
        .collect()
}

#[test]
fn mutated_fixtures_parse_without_panic() {
    let base = fixture_lines();
    let seeds = std::env::var("COMPMAP_FUZZ_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(40u64);
    for seed in 1..=seeds {
        let mut rng = Rng::new(seed);
        let mut lines = base.clone();
        for _ in 0..200 {
            let i = rng.below(lines.len());
            match rng.below(6) {
                0 => {
                    lines.remove(i);
                }
                1 => {
                    let j = rng.below(lines.len());
                    lines.swap(i, j);
                }
                2 => {
                    // cut the line at a random character
                    let chars: Vec<char> = lines[i].chars().collect();
                    let k = rng.below(chars.len() + 1);
                    lines[i] = chars[..k].iter().collect();
                }
                3 => {
                    let j = rng.below(lines.len());
                    let joined = format!("{} {}", lines[i], lines[j]);
                    lines[i] = joined;
                }
                4 => lines.insert(
                    i,
                    [
                        "14",
                        "续上表",
                        " ",
                        "01",
                        "01-01",
                        "01-01-01",
                        "０１－",
                        "工作项目",
                    ][rng.below(8)]
                    .to_string(),
                ),
                _ => {
                    let chars: Vec<char> = lines[i].chars().collect();
                    if !chars.is_empty() {
                        let k = rng.below(chars.len());
                        let mut c = chars.clone();
                        c[k] = ['-', ' ', '0', '1', '《', '》', '：', '☑', 'l', '\u{FFFD}']
                            [rng.below(10)];
                        lines[i] = c.into_iter().collect();
                    }
                }
            }
            if lines.is_empty() {
                break;
            }
        }
        let doc = parse_lines(&lines);
        let _ = compmap::normalise::normalise(doc, "mutated.txt");
    }
}

#[test]
fn junk_lines_parse_without_panic() {
    let mut rng = Rng::new(0xDEAD_BEEF);
    let alphabet: Vec<char> = "01-－０１ 《》：.☑☐课程名称工作项目续上表lO\u{3000}\t"
        .chars()
        .collect();
    for _ in 0..200 {
        let lines: Vec<String> = (0..rng.below(40))
            .map(|_| {
                (0..rng.below(30))
                    .map(|_| alphabet[rng.below(alphabet.len())])
                    .collect()
            })
            .collect();
        let _ = parse_lines(&lines);
    }
}
