//! From a line image to the model's input: scale to the input height, cut an over-wide line
//! into pieces, normalise and pad.

use image::imageops::FilterType;
use image::GrayImage;
use tract_onnx::prelude::*;

/// The narrowest piece a wide line is cut into, as a share of the widest: the cut goes at
/// the whitest column of the last quarter before the limit, where a gap between characters
/// is most likely.
const CUT_WINDOW: f32 = 0.25;

/// `line` scaled to `height` pixels, its width in proportion (at least one pixel); `None`
/// for an empty image.
pub fn scale(line: &GrayImage, height: u32) -> Option<GrayImage> {
    let (w, h) = line.dimensions();
    if w == 0 || h == 0 {
        return None;
    }
    let width = ((w as f64 * height as f64 / h as f64).ceil() as u32).max(1);
    if (w, h) == (width, height) {
        return Some(line.clone());
    }
    // Bilinear, as PaddleOCR's own preprocessing (OpenCV's default resize).
    Some(image::imageops::resize(
        line,
        width,
        height,
        FilterType::Triangle,
    ))
}

/// The column ranges a scaled line is read in: the whole line when it is at most `max`
/// wide, else pieces of at most `max` columns, each cut at the whitest column of the last
/// [`CUT_WINDOW`] of the piece.
pub fn pieces(scaled: &GrayImage, max: u32) -> Vec<(u32, u32)> {
    let width = scaled.width();
    let max = max.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    while width - start > max {
        let hi = start + max;
        let lo = hi - ((max as f32 * CUT_WINDOW) as u32).min(max - 1);
        let cut = (lo..hi)
            .max_by_key(|&x| (ink_free(scaled, x), std::cmp::Reverse(x)))
            .unwrap_or(hi);
        let cut = cut.max(start + 1);
        out.push((start, cut));
        start = cut;
    }
    out.push((start, width));
    out
}

/// How white column `x` is (the sum of its grey values).
fn ink_free(img: &GrayImage, x: u32) -> u32 {
    (0..img.height())
        .map(|y| img.get_pixel(x, y)[0] as u32)
        .sum()
}

/// Columns `start..end` of `scaled` as the model's input, 1×3×height×`width`: each grey
/// value v becomes (v / 255 − 0.5) / 0.5 in all three channels, and the columns past the
/// line are 0 (PaddleOCR pads with zeros after normalising).
pub fn tensor(scaled: &GrayImage, start: u32, end: u32, width: u32) -> TractResult<Tensor> {
    let height = scaled.height() as usize;
    let width = width as usize;
    let used = ((end - start) as usize).min(width);
    let mut data = vec![0f32; 3 * height * width];
    for y in 0..height {
        for x in 0..used {
            let v = scaled.get_pixel(start + x as u32, y as u32)[0] as f32;
            data[y * width + x] = v / 127.5 - 1.0;
        }
    }
    let (one, rest) = data.split_at_mut(height * width);
    rest[..height * width].copy_from_slice(one);
    rest[height * width..].copy_from_slice(one);
    Tensor::from_shape(&[1, 3, height, width], &data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_to_the_height_keeping_the_ratio() {
        let img = GrayImage::from_pixel(300, 60, image::Luma([255]));
        let s = scale(&img, 48).unwrap();
        assert_eq!(s.dimensions(), (240, 48));
        assert!(scale(&GrayImage::new(0, 10), 48).is_none());
        assert_eq!(scale(&GrayImage::new(1, 500), 48).unwrap().width(), 1);
    }

    #[test]
    fn wide_lines_are_cut_at_a_white_column() {
        // Black everywhere but one white column at x = 90: a 100-wide limit cuts there.
        let mut img = GrayImage::from_pixel(250, 4, image::Luma([0]));
        for y in 0..4 {
            img.put_pixel(90, y, image::Luma([255]));
        }
        let p = pieces(&img, 100);
        assert_eq!(p[0], (0, 90));
        assert!(p.iter().all(|&(a, b)| b > a && b - a <= 100));
        assert_eq!(p.last().unwrap().1, 250);
        assert_eq!(pieces(&img, 300), vec![(0, 250)]);
    }

    #[test]
    fn tensor_normalises_and_pads_with_zero() {
        let mut img = GrayImage::from_pixel(3, 2, image::Luma([255]));
        img.put_pixel(0, 0, image::Luma([0]));
        let t = tensor(&img, 0, 3, 8).unwrap();
        assert_eq!(t.shape(), &[1, 3, 2, 8]);
        let v = t.to_plain_array_view::<f32>().unwrap();
        for ch in 0..3 {
            assert_eq!(v[[0, ch, 0, 0]], -1.0);
            assert_eq!(v[[0, ch, 0, 1]], 1.0);
            assert_eq!(v[[0, ch, 1, 7]], 0.0);
        }
    }
}
