//! OCR line recogniser: one image of one text line in, its characters with confidences and
//! pixel columns out.
//!
//! The model is PaddleOCR's PP-OCRv4 Chinese recognition model (`models/`, Apache-2.0; see
//! `models/README.md` and `scripts/fetch_ocr_model.py`), bundled into the binary and run
//! with `tract-onnx` (pure Rust). A line is scaled to the model's input height
//! ([`INPUT_HEIGHT`]) keeping its aspect ratio, normalised as PaddleOCR does and padded to a
//! width bucket ([`BUCKET`]) — one compiled plan per bucket, built the first time a line of
//! that width comes — then decoded by CTC greedy decoding ([`ctc`]).
//!
//! Spaces: the model's last class is the space. A space it reads between Latin words or
//! digits, or between Latin and CJK, is kept; one it reads between two CJK characters or
//! full-width punctuation, at either end of the line, or doubled, is dropped (Chinese text
//! has none).

pub mod ctc;
pub mod prepare;

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use tract_onnx::prelude::*;

/// One recognised character of a text line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OcrChar {
    pub text: char,
    /// Probability the model gave this character (CTC, max over its time steps), 0..=1.
    pub confidence: f32,
    /// Left and right edge in the input line image's pixel columns.
    pub x0: f32,
    pub x1: f32,
}

/// Where the bundled model comes from, for errors.
const MODEL_NAME: &str = "models/ch_PP-OCRv4_rec_infer.onnx";
/// The recognition model (10.9 MB), bundled so a clean clone reads scans offline.
static MODEL: &[u8] = include_bytes!("../../../models/ch_PP-OCRv4_rec_infer.onnx");
/// The model's character classes 1..=N, one a line (class 0 is the blank, N+1 the space).
static KEYS: &str = include_str!("../../../models/ppocr_keys_v1.txt");

/// The model's input height: PP-OCR recognition models are trained on 48-pixel lines.
pub const INPUT_HEIGHT: u32 = 48;
/// Widths are padded up to a multiple of this: a plan compiled for one fixed width runs
/// faster than one with a symbolic width, and compiling costs ~0.3 s, so a few buckets
/// serve every line. 320 is PP-OCR's own default input width (a 6.7:1 line).
pub const BUCKET: u32 = 320;
/// The widest input given to the model at once (after scaling to 48 px high): a 300-dpi
/// A4 line of small print scales to about 3,000 px. A wider line is read in pieces cut at
/// the whitest column before this width.
pub const MAX_WIDTH: u32 = 10 * BUCKET;
/// Horizontal stride of the model: one output time step per 8 input columns.
const STRIDE: f32 = 8.0;

type Plan = Arc<TypedRunnableModel>;

/// The recognition model, loaded once and shared by every thread (Send + Sync).
pub struct LineReader {
    /// The parsed model, without input shape; each bucket's plan starts from a copy.
    model: InferenceModel,
    /// Compiled plans by input width.
    plans: Mutex<HashMap<u32, Plan>>,
    /// Class index -> character (index 0, the blank, holds a placeholder never output).
    classes: Vec<char>,
}

static SHARED: OnceLock<std::result::Result<LineReader, String>> = OnceLock::new();

impl LineReader {
    /// The bundled model (loaded once per process; later calls are cheap).
    pub fn shared() -> Result<&'static LineReader> {
        SHARED
            .get_or_init(|| LineReader::load().map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|reason| model_error(reason.clone()))
    }

    /// Parse the bundled model and its dictionary (no plan is compiled yet).
    pub fn load() -> Result<LineReader> {
        let model = tract_onnx::onnx()
            .model_for_read(&mut std::io::Cursor::new(MODEL))
            .map_err(|e| model_error(format!("{e:#}")))?;
        let classes = classes(KEYS)?;
        Ok(LineReader {
            model,
            plans: Mutex::new(HashMap::new()),
            classes,
        })
    }

    /// How many classes the model tells apart (blank and space included).
    pub fn class_count(&self) -> usize {
        self.classes.len()
    }

    /// Read one text line: a grey image (`image::GrayImage`, 0 = black ink on 255 white),
    /// roughly one line of text tall, any width. Resized to the model's input height (48)
    /// keeping the aspect ratio, padded as the model expects.
    pub fn read_line(&self, line: &image::GrayImage) -> Result<Vec<OcrChar>> {
        self.read(line, None)
    }

    /// Same with the output restricted to a character set (for code columns: digits,
    /// the dashes of `vocab::code`, `.`), decoding only those classes.
    pub fn read_line_restricted(
        &self,
        line: &image::GrayImage,
        allowed: &dyn Fn(char) -> bool,
    ) -> Result<Vec<OcrChar>> {
        let mask = self.mask(allowed);
        self.read(line, Some(&mask))
    }

    /// Read one line once and decode it twice: as any text, and restricted to the
    /// characters `allowed` says yes to (the model runs once; decoding is cheap). What a
    /// code column needs: the general reading tells whether the line looks like a code, the
    /// restricted one is the code.
    pub fn read_line_both(
        &self,
        line: &image::GrayImage,
        allowed: &dyn Fn(char) -> bool,
    ) -> Result<(Vec<OcrChar>, Vec<OcrChar>)> {
        let mask = self.mask(allowed);
        let mut both = self.read_masks(line, &[None, Some(&mask)])?.into_iter();
        let general = both.next().unwrap_or_default();
        let restricted = both.next().unwrap_or_default();
        Ok((general, restricted))
    }

    fn mask(&self, allowed: &dyn Fn(char) -> bool) -> Vec<bool> {
        self.classes
            .iter()
            .enumerate()
            .map(|(i, &c)| i == ctc::BLANK || allowed(c))
            .collect()
    }

    fn read(&self, line: &image::GrayImage, allowed: Option<&[bool]>) -> Result<Vec<OcrChar>> {
        Ok(self
            .read_masks(line, &[allowed])?
            .into_iter()
            .next()
            .unwrap_or_default())
    }

    /// Run the model over `line` once and decode its output with each of `masks`.
    fn read_masks(
        &self,
        line: &image::GrayImage,
        masks: &[Option<&[bool]>],
    ) -> Result<Vec<Vec<OcrChar>>> {
        let mut out: Vec<Vec<OcrChar>> = vec![Vec::new(); masks.len()];
        let Some(scaled) = prepare::scale(line, INPUT_HEIGHT) else {
            return Ok(out);
        };
        // Pixel columns of the scaled image -> columns of the input image.
        let back = line.width() as f32 / scaled.width() as f32;
        for (start, end) in prepare::pieces(&scaled, MAX_WIDTH) {
            let width = (end - start).div_ceil(BUCKET) * BUCKET;
            let input = prepare::tensor(&scaled, start, end, width)
                .map_err(|e| model_error(format!("{e:#}")))?;
            let (steps, classes) = self.run(width, input)?;
            if classes != self.classes.len() {
                return Err(model_error(format!(
                    "the model gives {classes} classes, its dictionary {}",
                    self.classes.len()
                )));
            }
            let stride = if steps.is_empty() {
                STRIDE
            } else {
                width as f32 / (steps.len() / classes) as f32
            };
            let limit = line.width() as f32;
            for (mask, chars) in masks.iter().zip(out.iter_mut()) {
                for d in ctc::decode(&steps, classes, *mask) {
                    let x0 = (start as f32 + d.first as f32 * stride) * back;
                    let x1 = (start as f32 + (d.last + 1) as f32 * stride) * back;
                    chars.push(OcrChar {
                        text: self.classes[d.class],
                        confidence: d.confidence.clamp(0.0, 1.0),
                        x0: x0.min(limit),
                        x1: x1.min(limit),
                    });
                }
            }
        }
        Ok(out.into_iter().map(tidy_spaces).collect())
    }

    /// Run the plan for `width` on `input`: the probabilities, time step by time step, and
    /// the number of classes.
    fn run(&self, width: u32, input: Tensor) -> Result<(Vec<f32>, usize)> {
        let plan = self.plan(width)?;
        log::trace!("OCR model run, input width {width}");
        let outputs = plan
            .run(tvec!(input.into()))
            .map_err(|e| model_error(format!("{e:#}")))?;
        let out = outputs
            .first()
            .ok_or_else(|| model_error("the model gave no output".into()))?;
        let view = out
            .to_plain_array_view::<f32>()
            .map_err(|e| model_error(format!("{e:#}")))?;
        let shape = view.shape().to_vec();
        let classes = shape.last().copied().unwrap_or(0);
        Ok((view.iter().copied().collect(), classes))
    }

    /// The compiled plan for inputs `width` pixels wide (compiled on first use).
    fn plan(&self, width: u32) -> Result<Plan> {
        if let Some(plan) = self.lock().get(&width) {
            return Ok(plan.clone());
        }
        // Compiled outside the lock so other widths are not held up; two threads may both
        // compile a width the first time, and one result is kept.
        let plan = self.compile(width)?;
        Ok(self.lock().entry(width).or_insert(plan).clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u32, Plan>> {
        // A poisoned lock only means another thread panicked while inserting: the map is
        // still whole.
        self.plans.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn compile(&self, width: u32) -> Result<Plan> {
        let fact = f32::fact([1, 3, INPUT_HEIGHT as usize, width as usize]);
        self.model
            .clone()
            .with_input_fact(0, fact.into())
            .and_then(|m| m.into_optimized())
            .and_then(|m| m.into_runnable())
            .map_err(|e| model_error(format!("input width {width}: {e:#}")))
    }
}

/// The class table: the blank, the dictionary's characters, the space.
fn classes(keys: &str) -> Result<Vec<char>> {
    let mut classes = vec!['\0'];
    for (n, line) in keys.lines().enumerate() {
        let mut chars = line.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => classes.push(c),
            _ => {
                return Err(model_error(format!(
                    "models/ppocr_keys_v1.txt line {}: not one character: {line:?}",
                    n + 1
                )))
            }
        }
    }
    classes.push(' ');
    Ok(classes)
}

/// Drop the spaces Chinese text does not have: at either end, doubled, or between two CJK
/// characters or full-width punctuation. Spaces between Latin words and digits stay, and so
/// does one between Latin and CJK (`B2B 平台`, `2 分钟`: the model reads them only where the
/// print has a gap).
fn tidy_spaces(chars: Vec<OcrChar>) -> Vec<OcrChar> {
    let mut out: Vec<OcrChar> = Vec::with_capacity(chars.len());
    for (i, c) in chars.iter().enumerate() {
        if c.text == ' ' {
            let before = out.last().map(|p| p.text);
            let after = chars[i + 1..].iter().map(|n| n.text).find(|&t| t != ' ');
            let keep = match (before, after) {
                (Some(b), Some(a)) => b != ' ' && !(is_cjk(b) && is_cjk(a)),
                _ => false,
            };
            if !keep {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

/// A CJK ideograph, CJK punctuation or a full-width form: text set without spaces.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{303F}'   // radicals, CJK symbols and punctuation (、。《》【】)
        | '\u{3400}'..='\u{4DBF}' // extension A
        | '\u{4E00}'..='\u{9FFF}' // unified ideographs
        | '\u{F900}'..='\u{FAFF}' // compatibility ideographs
        | '\u{FE30}'..='\u{FE4F}' // CJK compatibility forms
        | '\u{FF00}'..='\u{FFEF}' // full-width forms （），：；
        | '\u{20000}'..='\u{2FA1F}')
}

fn model_error(reason: String) -> Error {
    Error::OcrModel {
        path: PathBuf::from(MODEL_NAME),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: char) -> OcrChar {
        OcrChar {
            text,
            confidence: 1.0,
            x0: 0.0,
            x1: 1.0,
        }
    }

    fn tidy(s: &str) -> String {
        tidy_spaces(s.chars().map(c).collect())
            .iter()
            .map(|c| c.text)
            .collect()
    }

    #[test]
    fn spaces_kept_between_latin_dropped_next_to_cjk() {
        assert_eq!(tidy(" Business  English "), "Business English");
        assert_eq!(tidy("商务 英语"), "商务英语");
        assert_eq!(tidy("5S 管理"), "5S 管理");
        assert_eq!(tidy("（ 1）"), "（ 1）");
        assert_eq!(tidy("商务 （"), "商务（");
        assert_eq!(tidy("ISO 9001 标准"), "ISO 9001 标准");
        assert_eq!(tidy("  "), "");
    }

    #[test]
    fn the_dictionary_has_one_character_a_line() {
        let classes = classes(KEYS).unwrap();
        assert_eq!(classes[0], '\0');
        assert_eq!(*classes.last().unwrap(), ' ');
        assert!(classes.len() > 6000, "{}", classes.len());
        assert!(classes.contains(&'职') && classes.contains(&'℃'));
        assert!(super::classes("ab\n").is_err());
    }
}
