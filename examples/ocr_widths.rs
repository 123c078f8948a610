//! Measures the OCR recogniser's two ways to run lines of any width, on the same lines:
//! one plan compiled per width bucket (what `LineReader` does) against one plan with a
//! symbolic width. Alternates A/B per line so a noisy machine hits both alike.
//!
//!     python3 scripts/make_ocr_lines.py /tmp/lines
//!     cargo run --release --example ocr_widths -- /tmp/lines
//!
//! Prints model parse time, plan compile times and ms per line (one thread) for each.

use compmap::extract::ocr::recognise::{prepare, LineReader, BUCKET, INPUT_HEIGHT};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use tract_onnx::prelude::*;

fn main() -> TractResult<()> {
    let dir = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or("fixtures/ocr/lines".into()),
    );
    let tsv = std::fs::read_to_string(dir.join("expected.tsv"))?;
    let images: Vec<image::GrayImage> = tsv
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .map(|(name, _)| image::open(dir.join(name)).map(|i| i.to_luma8()))
        .collect::<Result<_, _>>()?;

    let t = Instant::now();
    let reader = LineReader::load().map_err(msg)?;
    println!("parse (LineReader::load): {:?}", t.elapsed());
    let t = Instant::now();
    for w in [1, 2, 3, 4] {
        let img = image::GrayImage::from_pixel(w * BUCKET, INPUT_HEIGHT, image::Luma([255]));
        reader.read_line(&img).map_err(msg)?;
    }
    println!("compile 4 bucket plans (320..1280): {:?}", t.elapsed());

    let t = Instant::now();
    let symbolic = symbolic_plan()?;
    println!("compile one symbolic-width plan: {:?}", t.elapsed());

    // Warm the rest of the buckets.
    for img in &images {
        reader.read_line(img).map_err(msg)?;
    }
    let (mut a, mut b) = (Duration::ZERO, Duration::ZERO);
    let mut same = 0;
    for img in &images {
        let t = Instant::now();
        let x = reader.read_line(img).map_err(msg)?;
        a += t.elapsed();
        let t = Instant::now();
        let y = run_symbolic(&symbolic, img)?;
        b += t.elapsed();
        same += usize::from(x.len() == y);
    }
    let n = images.len() as f64;
    println!(
        "{} lines: buckets {:.1} ms a line, symbolic width {:.1} ms a line (same length of reading: {same})",
        images.len(),
        a.as_secs_f64() * 1e3 / n,
        b.as_secs_f64() * 1e3 / n
    );
    Ok(())
}

fn msg(e: compmap::Error) -> TractError {
    TractError::msg(e.to_string())
}

fn symbolic_plan() -> TractResult<Arc<TypedRunnableModel>> {
    let model = tract_onnx::onnx().model_for_read(&mut std::io::Cursor::new(
        include_bytes!("../models/ch_PP-OCRv4_rec_infer.onnx").as_slice(),
    ))?;
    let w = model.symbols.sym("W");
    let shape: TVec<TDim> = tvec![
        TDim::from(1i64),
        TDim::from(3i64),
        TDim::from(INPUT_HEIGHT as i64),
        TDim::from(w)
    ];
    let fact = f32::fact(shape);
    model
        .with_input_fact(0, fact.into())?
        .into_optimized()?
        .into_runnable()
}

/// Read one line with the symbolic plan (the exact scaled width rounded up to 8): the
/// number of characters decoded.
fn run_symbolic(plan: &Arc<TypedRunnableModel>, img: &image::GrayImage) -> TractResult<usize> {
    let Some(scaled) = prepare::scale(img, INPUT_HEIGHT) else {
        return Ok(0);
    };
    let width = scaled.width().div_ceil(8) * 8;
    let input = prepare::tensor(&scaled, 0, scaled.width(), width)?;
    let out = plan.run(tvec!(input.into()))?;
    let view = out[0].to_plain_array_view::<f32>()?;
    let classes = *view.shape().last().unwrap_or(&1);
    let probs: Vec<f32> = view.iter().copied().collect();
    Ok(compmap::extract::ocr::recognise::ctc::decode(&probs, classes, None).len())
}
