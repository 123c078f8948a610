//! The OCR line recogniser on line images with known text.
//!
//! `fixtures/ocr/lines/` holds a few line crops made by `scripts/make_ocr_lines.py`: lines of
//! the fixture PDF rendered at 300 dpi by poppler, and lines of the hand-made accounting,
//! nursing and CNC programmes drawn in three CJK fonts, with `expected.tsv` (file, text).
//! The ignored test `accuracy_over_a_generated_set` reads a larger set the same script makes
//! (`OCR_LINES=DIR`) and prints the figures.

use compmap::extract::ocr::recognise::{LineReader, OcrChar};
use image::GrayImage;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn lines_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ocr/lines")
}

/// (image, expected text) of every line listed in `dir/expected.tsv`.
fn lines(dir: &Path) -> Vec<(String, GrayImage, String)> {
    let tsv = std::fs::read_to_string(dir.join("expected.tsv")).expect("expected.tsv");
    tsv.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (name, text) = l.split_once('\t').expect("file<TAB>text");
            let img = image::open(dir.join(name)).expect(name).to_luma8();
            (name.to_string(), img, text.to_string())
        })
        .collect()
}

fn text(chars: &[OcrChar]) -> String {
    chars.iter().map(|c| c.text).collect()
}

fn reader() -> &'static LineReader {
    LineReader::shared().expect("the bundled model loads")
}

/// Characters of `expected` the reading got right: the edit distance's complement.
fn right_chars(expected: &str, got: &str) -> usize {
    let a: Vec<char> = expected.chars().collect();
    let b: Vec<char> = got.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut prev = row[0];
        row[0] = i;
        for j in 1..=b.len() {
            let here = row[j];
            row[j] = (row[j] + 1)
                .min(row[j - 1] + 1)
                .min(prev + usize::from(a[i - 1] != b[j - 1]));
            prev = here;
        }
    }
    a.len().saturating_sub(row[b.len()])
}

/// The model does not read the gap a producer puts between Latin and CJK text (`B2B 平台`,
/// the text layer's space) as a space: expected texts are compared without such spaces.
fn without_latin_cjk_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let cjk = compmap::extract::ocr::recognise::is_cjk;
    chars
        .iter()
        .enumerate()
        .filter(|&(i, &c)| {
            !(c == ' '
                && ((i > 0 && cjk(chars[i - 1])) || chars.get(i + 1).is_some_and(|&n| cjk(n))))
        })
        .map(|(_, &c)| c)
        .collect()
}

/// Most committed lines read exactly, and nearly every character: the misreadings are the
/// model's known confusions (‰ read as %, full-width ＝ as =, ℃ as °℃), printed when the
/// floor is not met.
const EXACT_LINES_PERCENT: usize = 75;
const RIGHT_CHARS_PER_MILLE: usize = 980;

#[test]
fn committed_lines_read_exactly() {
    let lines = lines(&lines_dir());
    assert!(lines.len() >= 10, "{} lines", lines.len());
    let (mut exact, mut right, mut total) = (0, 0, 0);
    let mut wrong = Vec::new();
    for (name, img, expected) in &lines {
        let expected = without_latin_cjk_spaces(expected);
        let got = text(&reader().read_line(img).unwrap());
        exact += usize::from(got == expected);
        right += right_chars(&expected, &got);
        total += expected.chars().count();
        if got != expected {
            wrong.push(format!("{name}: expected {expected:?}, read {got:?}"));
        }
    }
    println!(
        "{exact}/{} lines exact, {right}/{total} characters right",
        lines.len()
    );
    assert!(
        exact * 100 >= lines.len() * EXACT_LINES_PERCENT
            && right * 1000 >= total * RIGHT_CHARS_PER_MILLE,
        "{exact}/{} lines exact, {right}/{total} characters right:\n{}",
        lines.len(),
        wrong.join("\n")
    );
    // Codes, the column whose every character counts, read exactly.
    for (name, img, expected) in &lines {
        if expected.chars().all(|c| c.is_ascii_digit() || c == '-') {
            assert_eq!(&text(&reader().read_line(img).unwrap()), expected, "{name}");
        }
    }
}

#[test]
fn characters_are_placed_and_scored() {
    for (name, img, _) in lines(&lines_dir()) {
        let chars = reader().read_line(&img).unwrap();
        assert!(!chars.is_empty(), "{name}");
        let width = img.width() as f32;
        let mut last = 0.0f32;
        for c in &chars {
            assert!((0.0..=1.0).contains(&c.confidence), "{name}: {c:?}");
            assert!(c.x0 < c.x1 && c.x1 <= width, "{name}: {c:?} in {width}");
            assert!(c.x0 >= last, "{name}: left to right: {c:?} after {last}");
            last = c.x0;
        }
        // The text is read with confidence: the mean is high on clean print.
        let mean = chars.iter().map(|c| c.confidence).sum::<f32>() / chars.len() as f32;
        assert!(mean > 0.9, "{name}: mean confidence {mean}");
    }
}

#[test]
fn columns_follow_the_ink() {
    // The same line with 600 white columns added on its left: every character moves right
    // by about 600 columns (one time step of the model is 8 scaled columns).
    let (name, img, _) = lines(&lines_dir()).into_iter().next().unwrap();
    let pad = 600;
    let mut wide = GrayImage::from_pixel(img.width() + pad, img.height(), image::Luma([255]));
    image::imageops::replace(&mut wide, &img, pad as i64, 0);
    let a = reader().read_line(&img).unwrap();
    let b = reader().read_line(&wide).unwrap();
    assert_eq!(text(&a), text(&b), "{name}");
    let step = 8.0 * img.height() as f32 / 48.0;
    for (a, b) in a.iter().zip(&b) {
        let moved = b.x0 - a.x0;
        assert!(
            (moved - pad as f32).abs() <= 2.0 * step,
            "{name}: {:?} moved {moved}, not {pad}",
            a.text
        );
    }
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '-' | '－' | '—' | '–' | '.')
}

#[test]
fn restricted_reading_returns_only_allowed_characters() {
    let lines = lines(&lines_dir());
    let mut codes = 0;
    for (name, img, expected) in &lines {
        let got = reader().read_line_restricted(img, &is_code_char).unwrap();
        assert!(got.iter().all(|c| is_code_char(c.text)), "{name}: {got:?}");
        if expected.chars().all(is_code_char) {
            codes += 1;
            assert_eq!(&text(&got), expected, "{name}");
        }
    }
    assert!(codes >= 2, "the fixtures hold {codes} code lines");
    // Restricting to nothing but digits still gives digits only, never a panic.
    let (_, img, _) = &lines[0];
    let got = reader()
        .read_line_restricted(img, &|c| c.is_ascii_digit())
        .unwrap();
    assert!(got.iter().all(|c| c.text.is_ascii_digit()), "{got:?}");
}

#[test]
fn a_line_wider_than_the_model_takes_is_read_in_pieces() {
    // Four copies of a long line side by side, 40 white columns apart: wider than
    // MAX_WIDTH once scaled, so it is cut; the text comes out four times.
    let (name, img, expected) = lines(&lines_dir())
        .into_iter()
        .max_by_key(|(_, img, _)| img.width() * 48 / img.height())
        .unwrap();
    let gap = 40;
    let copies = 4;
    let w = (img.width() + gap) * copies;
    let mut wide = GrayImage::from_pixel(w, img.height(), image::Luma([255]));
    for k in 0..copies {
        image::imageops::replace(&mut wide, &img, (k * (img.width() + gap)) as i64, 0);
    }
    let scaled = w * 48 / img.height();
    assert!(
        scaled > compmap::extract::ocr::recognise::MAX_WIDTH,
        "{scaled}"
    );
    let got = text(&reader().read_line(&wide).unwrap());
    let want = vec![expected.as_str(); copies as usize].join("");
    let right = right_chars(&want, &got);
    assert!(
        right * 100 >= want.chars().count() * 99,
        "{name}: {right} of {} right: {got:?}",
        want.chars().count()
    );
}

#[test]
fn degenerate_images_give_no_text_and_no_panic() {
    let r = reader();
    assert!(r.read_line(&GrayImage::new(0, 0)).unwrap().is_empty());
    assert!(r.read_line(&GrayImage::new(0, 40)).unwrap().is_empty());
    assert!(r.read_line(&GrayImage::new(40, 0)).unwrap().is_empty());
    let white = GrayImage::from_pixel(500, 48, image::Luma([255]));
    assert!(r.read_line(&white).unwrap().is_empty());
    // A one-pixel-high strip and a very tall thin one are scaled, not refused.
    r.read_line(&GrayImage::from_pixel(300, 1, image::Luma([0])))
        .unwrap();
    r.read_line(&GrayImage::from_pixel(1, 900, image::Luma([0])))
        .unwrap();
}

#[test]
fn one_model_shared_by_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<LineReader>();
    let a = LineReader::shared().unwrap() as *const LineReader;
    let b = LineReader::shared().unwrap() as *const LineReader;
    assert_eq!(a, b);
    let lines = lines(&lines_dir());
    let alone: Vec<String> = lines
        .iter()
        .map(|(_, img, _)| text(&reader().read_line(img).unwrap()))
        .collect();
    let together: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = lines
            .iter()
            .map(|(_, img, _)| s.spawn(move || text(&reader().read_line(img).unwrap())))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(alone, together);
}

/// `OCR_LINES=DIR cargo test --release --test ocr_recognise -- --ignored --nocapture`
/// after `python3 scripts/make_ocr_lines.py DIR`: lines exact, characters right, time.
#[test]
#[ignore]
fn accuracy_over_a_generated_set() {
    let dir = std::env::var_os("OCR_LINES").map_or_else(lines_dir, PathBuf::from);
    let t = Instant::now();
    let r = LineReader::load().unwrap();
    println!("model parse: {:.0} ms", t.elapsed().as_secs_f64() * 1e3);
    let lines = lines(&dir);
    // Warm every width bucket first, so the timing below is reading only.
    let t = Instant::now();
    for (_, img, _) in &lines {
        r.read_line(img).unwrap();
    }
    println!(
        "first pass (compiles a plan per width bucket): {:.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    let mut groups: std::collections::BTreeMap<String, (usize, usize, usize, usize)> =
        Default::default();
    let t = Instant::now();
    let mut confusions = Vec::new();
    for (name, img, expected) in &lines {
        let expected = &without_latin_cjk_spaces(expected);
        let got = text(&r.read_line(img).unwrap());
        let group = name.split('-').take(2).collect::<Vec<_>>().join("-");
        let g = groups.entry(group).or_default();
        g.0 += 1;
        g.1 += usize::from(&got == expected);
        g.2 += right_chars(expected, &got);
        g.3 += expected.chars().count();
        if &got != expected {
            confusions.push(format!("{name}\n  want {expected}\n  read {got}"));
        }
    }
    let ms = t.elapsed().as_secs_f64() * 1e3 / lines.len() as f64;
    let mut total = (0, 0, 0, 0);
    for (group, g) in &groups {
        println!(
            "{group}: {}/{} lines exact, {}/{} characters right ({:.2} %)",
            g.1,
            g.0,
            g.2,
            g.3,
            100.0 * g.2 as f64 / g.3 as f64
        );
        total = (total.0 + g.0, total.1 + g.1, total.2 + g.2, total.3 + g.3);
    }
    println!(
        "all: {}/{} lines exact, {}/{} characters right ({:.2} %); {ms:.1} ms a line, one thread",
        total.1,
        total.0,
        total.2,
        total.3,
        100.0 * total.2 as f64 / total.3 as f64
    );
    for c in confusions {
        println!("{c}");
    }
}
