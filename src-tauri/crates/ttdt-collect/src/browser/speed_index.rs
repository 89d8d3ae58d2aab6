//! Speed Index from screen frames, as Lighthouse's speedline computes it: each frame's visual
//! progress is how far its colour histogram has moved from the initial (blank) screen towards
//! the final one; Speed Index is the integral of (1 − progress) over time.

/// Per-channel histograms (R, G, B) of the non-white pixels of a frame.
#[derive(Clone, PartialEq)]
pub struct Histogram(pub Box<[[u32; 256]; 3]>);

impl Histogram {
    pub fn empty() -> Histogram {
        Histogram(Box::new([[0; 256]; 3]))
    }

    /// From RGB pixels (3 bytes each). Near-white pixels (every channel ≥ 250) are the page's
    /// background and are left out, as speedline does.
    pub fn from_rgb(pixels: &[u8]) -> Histogram {
        let mut h = Histogram::empty();
        for px in pixels.chunks_exact(3) {
            let (r, g, b) = (px[0], px[1], px[2]);
            if r >= 250 && g >= 250 && b >= 250 {
                continue;
            }
            h.0[0][r as usize] += 1;
            h.0[1][g as usize] += 1;
            h.0[2][b as usize] += 1;
        }
        h
    }

    /// Decodes a JPEG frame (as RGB).
    pub fn from_jpeg(bytes: &[u8]) -> Option<Histogram> {
        use zune_jpeg::zune_core::{colorspace::ColorSpace, options::DecoderOptions};
        let options = DecoderOptions::default().jpeg_set_out_colorspace(ColorSpace::RGB);
        let mut decoder = zune_jpeg::JpegDecoder::new_with_options(bytes, options);
        let pixels = decoder.decode().ok()?;
        Some(Histogram::from_rgb(&pixels))
    }
}

/// Visual progress of `current` between `initial` and `target`, 0.0–1.0 (whole percent, as
/// speedline rounds down).
pub fn progress(current: &Histogram, initial: &Histogram, target: &Histogram) -> f64 {
    let (mut matched, mut total) = (0u64, 0u64);
    for c in 0..3 {
        for v in 0..256 {
            let cur = current.0[c][v] as i64;
            let ini = initial.0[c][v] as i64;
            let tgt = target.0[c][v] as i64;
            let cur_diff = (cur - ini).unsigned_abs();
            let tgt_diff = (tgt - ini).unsigned_abs();
            matched += cur_diff.min(tgt_diff);
            total += tgt_diff;
        }
    }
    if total == 0 {
        return 1.0;
    }
    ((matched as f64 / total as f64) * 100.0).floor() / 100.0
}

/// Speed Index in ms from frames `(ms since navigation start, histogram)` in time order. The
/// screen is blank (progress 0) until the first frame; the last frame is the final state.
pub fn speed_index(frames: &[(f64, Histogram)]) -> Option<f64> {
    let last = frames.last()?;
    let initial = Histogram::empty();
    let mut si = 0.0;
    let mut last_t = 0.0;
    let mut last_progress = 0.0;
    for (t, h) in frames {
        let t = t.max(0.0);
        si += (t - last_t).max(0.0) * (1.0 - last_progress);
        last_t = t;
        last_progress = progress(h, &initial, &last.1);
    }
    Some(si)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solid(r: u8, n: usize) -> Vec<u8> {
        std::iter::repeat_n([r, r, r], n).flatten().collect()
    }

    #[test]
    fn white_is_background_and_progress_is_histogram_distance() {
        let blank = Histogram::from_rgb(&solid(255, 100));
        assert!(blank == Histogram::empty());
        let mut half = solid(0, 50);
        half.extend(solid(255, 50));
        let full = Histogram::from_rgb(&solid(0, 100));
        assert_eq!(progress(&Histogram::from_rgb(&half), &blank, &full), 0.5);
        assert_eq!(progress(&full, &blank, &full), 1.0);
    }

    #[test]
    fn speed_index_integrates_the_unfinished_part() {
        let mut half = solid(0, 50);
        half.extend(solid(255, 50));
        let frames = vec![(100.0, Histogram::from_rgb(&half)), (1100.0, Histogram::from_rgb(&solid(0, 100)))];
        // Blank for 100 ms, half done for 1000 ms: 100 + 500.
        assert_eq!(speed_index(&frames), Some(600.0));
        assert_eq!(speed_index(&[]), None);
    }
}
