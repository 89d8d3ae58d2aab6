//! How much room a text takes once printed, since the workbook writer cannot fit rows itself:
//! the width of a text in Times New Roman (the documents' font; LibreOffice prints it with the
//! metric-compatible Liberation Serif), the lines it wraps to in a column, and the height of a
//! row of so many lines. Estimates lean large: a row a little too tall costs some paper, a row
//! too short prints its text over the next one.

/// Advance widths of Times New Roman's printable ASCII characters, in thousandths of an em
/// (from space, U+0020, to tilde, U+007E).
const ASCII_WIDTHS: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, // ' ' to '/'
    500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444, // '0' to '?'
    921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, // '@' to 'O'
    556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, // 'P' to '_'
    333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, // '`' to 'o'
    500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541, // 'p' to '~'
];

/// Pixels of one Excel column-width unit (the default font's digit, Calibri 11 at 96 dpi), and
/// the padding a cell keeps on each side.
const PX_PER_UNIT: f64 = 7.0;
const CELL_PADDING_PX: f64 = 4.0;
/// Bold Times is up to a tenth wider than regular.
const BOLD_FACTOR: f64 = 1.1;
/// Kept in hand for renderers whose metrics differ a little (hinting, a substituted font).
const SAFETY: f64 = 1.03;
/// Excel's tallest row, in points.
pub(crate) const MAX_ROW_HEIGHT: f64 = 409.0;

/// The width of one character in em. Vietnamese letters are counted by what they are (a
/// character, not its UTF-8 bytes), at the width of their widest base letter.
fn char_em(c: char) -> f64 {
    match c {
        ' '..='~' => ASCII_WIDTHS[c as usize - 0x20] as f64 / 1000.0,
        // Combining marks sit on the previous letter.
        '\u{0300}'..='\u{036F}' => 0.0,
        'Đ' => 0.722,
        'đ' => 0.5,
        '—' => 1.0,
        '–' | '…' => 1.0,
        '“' | '”' | '‘' | '’' => 0.444,
        c if c.is_uppercase() => 0.722,
        // Vietnamese lower-case letters are Latin vowels and đ with marks: the width of their base.
        c if c.is_alphabetic() => 0.5,
        _ => 0.8,
    }
}

/// The width of a line of text in pixels at `pt` points.
fn px(text: &str, pt: f64, bold: bool) -> f64 {
    let em: f64 = text.chars().map(char_em).sum();
    em * pt * 96.0 / 72.0 * if bold { BOLD_FACTOR } else { 1.0 } * SAFETY
}

/// The column width (Excel units) that shows `text` on one line.
pub(crate) fn width_of(text: &str, pt: f64, bold: bool) -> f64 {
    text.lines().map(|l| (px(l, pt, bold) + 2.0 * CELL_PADDING_PX) / PX_PER_UNIT).fold(0.0, f64::max)
}

/// A column width that shows the longest of `texts` on one line, within `min..=max`.
pub(crate) fn fit_width<'a>(texts: impl IntoIterator<Item = &'a str>, pt: f64, bold: bool, min: f64, max: f64) -> f64 {
    texts.into_iter().map(|t| width_of(t, pt, bold)).fold(min, f64::max).min(max).ceil()
}

/// How many lines `text` wraps to in a column `width` units wide (word by word, a word longer
/// than the line broken where it must be, as both Excel and LibreOffice do).
pub(crate) fn lines(text: &str, width: f64, pt: f64, bold: bool) -> u32 {
    let room = (width * PX_PER_UNIT - 2.0 * CELL_PADDING_PX).max(PX_PER_UNIT);
    let space = px(" ", pt, bold);
    let mut count = 0u32;
    for paragraph in text.split('\n') {
        let mut line = 0.0f64;
        let mut used = 1u32;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let w = px(word, pt, bold);
            let needed = if line > 0.0 { line + space + w } else { w };
            if needed <= room + 0.01 {
                line = needed;
                continue;
            }
            if line > 0.0 {
                used += 1;
            }
            if w <= room + 0.01 {
                line = w;
            } else {
                // A word wider than the column (an address) is cut character by character.
                line = 0.0;
                for c in word.chars() {
                    let cw = px(c.encode_utf8(&mut [0; 4]), pt, bold);
                    if line + cw > room && line > 0.0 {
                        used += 1;
                        line = 0.0;
                    }
                    line += cw;
                }
            }
        }
        count += used;
    }
    count.max(1)
}

/// The height in points of a row of `lines` lines at `pt` points, capped at Excel's maximum.
/// Excel spaces the lines of Times New Roman 12 about 15.6 pt apart (1.3 em); LibreOffice
/// closer, so a row fitted for Excel is roomy there.
pub(crate) fn height(lines: u32, pt: f64) -> f64 {
    (lines as f64 * pt * 1.3 + 3.0).min(MAX_ROW_HEIGHT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_is_counted_by_character_not_by_byte() {
        // "Ủy ban" is 6 characters and 8 bytes: it is no wider than "Uy ban" by the bytes.
        let vi = width_of("Ủy ban nhân dân", 12.0, false);
        let ascii = width_of("Uy ban nhan dan", 12.0, false);
        assert!(vi >= ascii && vi < ascii * 1.2, "{vi} vs {ascii}");
        // A decomposed text is as wide as the composed one.
        assert!((width_of("U\u{0309}y", 12.0, false) - width_of("Uy", 12.0, false)).abs() < 1e-9);
    }

    #[test]
    fn wrapping_counts_lines_word_by_word() {
        assert_eq!(lines("", 10.0, 12.0, false), 1);
        assert_eq!(lines("Mã", 10.0, 12.0, false), 1);
        let sentence = "Thông tin liên hệ: địa chỉ, điện thoại, e-mail; đầu mối liên hệ";
        let one = width_of(sentence, 12.0, false);
        assert_eq!(lines(sentence, one, 12.0, false), 1);
        let half = lines(sentence, one / 2.0, 12.0, false);
        assert!((2..=3).contains(&half), "{half}");
        // Explicit line breaks count, and a long address breaks inside itself.
        assert_eq!(lines("a\nb\nc", 10.0, 12.0, false), 3);
        assert!(lines(&format!("https://{}.gov.vn/", "x".repeat(80)), 20.0, 12.0, false) >= 4);
        // Bold takes more room.
        assert!(width_of(sentence, 12.0, true) > one);
    }

    #[test]
    fn heights_grow_with_lines_up_to_excels_limit() {
        assert!(height(2, 12.0) > height(1, 12.0));
        assert!(height(1, 12.0) >= 15.75);
        assert_eq!(height(1000, 12.0), MAX_ROW_HEIGHT);
    }
}
