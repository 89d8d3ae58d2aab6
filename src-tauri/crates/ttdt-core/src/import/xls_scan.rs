//! Legacy XLS: BIFF records in a compound file (CFB).
//!
//! The spreadsheet library reads every sheet of such a file when it opens it, and trusts the
//! file: it follows a sector chain until the length a directory entry declares (a chain that loops
//! grows without end), reserves the cells a sheet's DIMENSIONS record declares, lays every sheet
//! out from its first to its farthest cell, copies a shared string into every cell that names it,
//! writes every formula out as text, and takes CONTINUE records one by one from the front of a
//! list. This module walks the same structures the same way first, with bounds, and refuses what
//! would loop, panic or grow past the limits. Where the library would refuse the file with an
//! error anyway, it is refused here as damaged.

use encoding_rs::{UTF_16LE, WINDOWS_1258};

use super::{check_span, damaged, not_a_table, password, too_large_file, MAX_CELLS, MAX_TEXT_BYTES};
use crate::error::{Error, Result};

pub(super) const CFB_SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
/// Most sheets a workbook may declare.
const MAX_SHEETS: usize = 1_000;
/// Most CONTINUE records after one record.
const MAX_CONTINUES: usize = 10_000;
/// Most records read over all sheets (several sheets may point at the same records).
const MAX_RECORDS: u64 = 5_000_000;
/// Bytes of text one byte of a formula can be written out as, at most: a 5-byte reference to a
/// defined name writes a name of up to 255 characters, a 7-byte 3-D reference a sheet name.
const FORMULA_EXPANSION: u64 = 256;
/// Most formula text, by that estimate, over all sheets.
const MAX_FORMULA_BYTES: u64 = 128 * 1024 * 1024;
/// Bytes of UTF-8 one character of a BIFF string can decode to, at most (two bytes of a legacy
/// code page, each three bytes of UTF-8).
const CHAR_BYTES: u64 = 6;
/// What the library keeps for a cell beside its text.
const CELL_BYTES: u64 = 24;

/// Why the walk stopped on a malformed file, for the log.
type Malformed = &'static str;

/// What a compound file holds.
enum Content {
    /// The workbook stream of an XLS file.
    Workbook(Vec<u8>),
    /// An encrypted OOXML package (a workbook with a password to open it).
    Encrypted,
    /// Something else (a Word document, …).
    Other,
}

/// Checks an XLS file before the library reads it.
pub(super) fn check(bytes: &[u8], name: &str) -> Result<()> {
    let content = workbook_stream(bytes).map_err(|why| {
        log::info!("{name}: refused before reading: {why}");
        damaged(name)
    })?;
    match content {
        Content::Workbook(stream) => scan(&stream, name),
        Content::Encrypted => Err(password(name)),
        Content::Other => Err(not_a_table(name)),
    }
}

fn u16le(b: &[u8], at: usize) -> Option<u16> {
    b.get(at..at + 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32le(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..at + 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// Sectors as the library numbers them: sector `n` starts after the header, at `(n + 1) × size`;
/// ids past the file's length are errors, sectors at its end may be short.
struct Sectors<'a> {
    data: &'a [u8],
    size: usize,
    /// Sector `n` starts at `first + n × size` in `data`.
    first: usize,
    maxid: u32,
}

impl<'a> Sectors<'a> {
    fn get(&self, id: u32) -> Option<&'a [u8]> {
        if id > self.maxid {
            return None;
        }
        let start = (self.first + id as usize * self.size).min(self.data.len());
        Some(&self.data[start..(start + self.size).min(self.data.len())])
    }

    /// The bytes of a chain, up to `len`, as the library gathers them; a sector met twice before
    /// `len` is reached is a loop the library would follow without end.
    fn chain(&self, fat: &[u32], mut id: u32, len: usize) -> std::result::Result<Vec<u8>, Malformed> {
        let mut out = Vec::new();
        let mut seen = vec![false; self.maxid as usize + 1];
        while id != ENDOFCHAIN {
            let sector = self.get(id).ok_or("a chain points past the end of the file")?;
            let slot = &mut seen[id as usize];
            if *slot {
                return Err("a sector chain loops");
            }
            *slot = true;
            let take = sector.len().min(len - out.len());
            out.extend_from_slice(&sector[..take]);
            if out.len() >= len {
                break;
            }
            id = *fat.get(id as usize).ok_or("a chain points outside the allocation table")?;
        }
        Ok(out)
    }
}

/// The workbook stream, gathered as the library gathers it.
fn workbook_stream(b: &[u8]) -> std::result::Result<Content, Malformed> {
    if b.len() < 512 || b[..8] != CFB_SIGNATURE {
        return Err("not a compound file");
    }
    let field16 = |at| u16le(b, at).unwrap_or(0);
    let field32 = |at| u32le(b, at).unwrap_or(0);
    let version = field16(26);
    let size = match field16(30) {
        9 => 512,
        12 if b.len() >= 4096 => 4096,
        _ => return Err("unknown sector size"),
    };
    if field16(32) != 6 {
        return Err("unknown mini sector size");
    }
    let (dir_start, mini_fat_start, mini_fat_len, difat_start) = (field32(48), field32(60), field32(64) as usize, field32(68));
    let sectors = Sectors { data: b, size, first: size, maxid: (b.len() / size) as u32 };
    let maxid = sectors.maxid as usize;

    let mut difat: Vec<u32> = u32s(&b[76..512]).collect();
    let (mut id, mut count) = (difat_start, 0);
    while id < RESERVED_SECTORS {
        count += 1;
        if count > maxid + 1 {
            return Err("the DIFAT chain is longer than the file");
        }
        difat.extend(u32s(sectors.get(id).ok_or("a DIFAT sector past the end of the file")?));
        id = difat.pop().ok_or("an empty DIFAT sector")?;
    }
    // Every FAT sector is read whole and appended: ids repeated at will would make the table
    // many times larger than the file.
    let fat_ids: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    if fat_ids.len() > 109 + 2 * (maxid + 1) {
        return Err("more FAT sectors than the file has sectors");
    }
    let mut fat = Vec::new();
    for id in fat_ids {
        fat.extend(u32s(sectors.get(id).ok_or("a FAT sector past the end of the file")?));
    }

    let dirs = sectors.chain(&fat, dir_start, usize::MAX)?;
    let dirs: Vec<(String, u32, usize)> = dirs
        .chunks_exact(128)
        .map(|d| {
            let name = UTF_16LE.decode_without_bom_handling(&d[..64]).0;
            let name = name.split('\0').next().unwrap_or("").to_string();
            let len = u32le(d, 120).unwrap_or(0) as usize;
            // With 4096-byte sectors the length has 64 bits.
            let len = if size == 512 { len } else { len | (u32le(d, 124).unwrap_or(0) as usize) << 32 };
            (name, u32le(d, 116).unwrap_or(0), len)
        })
        .collect();
    let Some(root) = dirs.first() else { return Err("no directory") };
    if version != 3 && root.1 == ENDOFCHAIN {
        return Err("empty root directory");
    }
    let (mini_fat, ministream) = if mini_fat_len > 0 {
        let ministream = sectors.chain(&fat, root.1, root.2)?;
        let mini_fat: Vec<u32> = u32s(&sectors.chain(&fat, mini_fat_start, mini_fat_len * size)?).collect();
        (mini_fat, ministream)
    } else {
        (Vec::new(), Vec::new())
    };
    let mini = Sectors { data: &ministream, size: 64, first: 0, maxid: sectors.maxid.saturating_mul(8) };

    let mut last = None;
    for wanted in ["Workbook", "Book"] {
        let Some((_, start, len)) = dirs.iter().find(|d| d.0.eq_ignore_ascii_case(wanted)) else { continue };
        let stream = if *len < 4096 { mini.chain(&mini_fat, *start, *len) } else { sectors.chain(&fat, *start, *len) };
        match stream {
            Ok(s) => return Ok(Content::Workbook(s)),
            Err(why @ "a sector chain loops") => return Err(why),
            // The library tries "Book" when "Workbook" cannot be read.
            Err(why) => last = Some(why),
        }
    }
    match last {
        Some(why) => Err(why),
        None if dirs.iter().any(|d| d.0 == "EncryptedPackage") => Ok(Content::Encrypted),
        None => Ok(Content::Other),
    }
}

/// One record with its CONTINUE records, as the library splits the stream.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

/// The library's record iterator, with a bound on CONTINUE records.
struct Records<'a> {
    stream: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = std::result::Result<Record<'a>, Malformed>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.stream.is_empty() {
            return None;
        }
        let (Some(typ), Some(len)) = (u16le(self.stream, 0), u16le(self.stream, 2)) else { return Some(Err("a truncated record")) };
        let len = len as usize;
        if self.stream.len() < len + 4 {
            return Some(Err("a truncated record"));
        }
        let (record, next) = self.stream.split_at(len + 4);
        self.stream = next;
        let mut cont = Vec::new();
        if next.len() > 4 && u16le(next, 0) == Some(0x003C) {
            while self.stream.len() > 4 && u16le(self.stream, 0) == Some(0x003C) {
                let len = u16le(self.stream, 2).unwrap_or(0) as usize;
                if self.stream.len() < len + 4 {
                    return Some(Err("a truncated CONTINUE record"));
                }
                let (c, rest) = self.stream.split_at(len + 4);
                cont.push(&c[4..]);
                self.stream = rest;
                if cont.len() > MAX_CONTINUES {
                    return Some(Err("too many CONTINUE records"));
                }
            }
        }
        Some(Ok(Record { typ, data: &record[4..], cont }))
    }
}

/// Reading through a record and its CONTINUE records, as the library reads strings.
struct Reading<'a, 'r> {
    data: &'a [u8],
    rest: std::slice::Iter<'r, &'a [u8]>,
}

impl Reading<'_, '_> {
    fn next_part(&mut self) -> bool {
        match self.rest.next() {
            Some(d) => {
                self.data = d;
                true
            }
            None => false,
        }
    }

    fn skip(&mut self, mut len: usize) -> std::result::Result<(), Malformed> {
        while len > 0 {
            if self.data.is_empty() && !self.next_part() {
                return Err("a string runs past its record");
            }
            let l = len.min(self.data.len());
            self.data = &self.data[l..];
            len -= l;
        }
        Ok(())
    }

    fn take(&mut self, n: usize) -> std::result::Result<&[u8], Malformed> {
        let taken = self.data.get(..n).ok_or("a string header runs past its record")?;
        self.data = &self.data[n..];
        Ok(taken)
    }
}

/// The length in characters of every string of a shared string table (SST).
fn shared_string_lengths(r: &Record) -> std::result::Result<Vec<u32>, Malformed> {
    let data = r.data.get(8..).ok_or("a short SST record")?;
    let mut at = Reading { data, rest: r.cont.iter() };
    let mut lengths = Vec::new();
    while !at.data.is_empty() || at.next_part() {
        if at.data.is_empty() {
            lengths.push(0);
            continue;
        }
        let head = at.take(3)?;
        let (cch, flags) = (u16::from_le_bytes([head[0], head[1]]) as usize, head[2]);
        let mut high = flags & 1 != 0;
        let runs = if flags & 8 != 0 { u16le(at.take(2)?, 0).unwrap_or(0) as usize } else { 0 };
        let extra = if flags & 4 != 0 { i32::from_le_bytes(at.take(4)?.try_into().unwrap_or([0; 4])) as usize } else { 0 };
        let mut left = cch;
        while left > 0 {
            let n = if high { (at.data.len() / 2).min(left) } else { at.data.len().min(left) };
            at.data = &at.data[if high { 2 * n } else { n }..];
            left -= n;
            if left > 0 {
                if !at.next_part() {
                    return Err("a shared string runs past the SST");
                }
                high = at.take(1)?[0] & 1 != 0;
            }
        }
        at.skip(runs.checked_mul(4).ok_or("a huge formatting run count")?)?;
        at.skip(extra)?;
        lengths.push(cch as u32);
    }
    Ok(lengths)
}

/// A sheet's name for messages (BIFF8 layout, else the Vietnamese code page).
fn sheet_name(data: &[u8], biff8: bool, index: usize) -> String {
    let fallback = || format!("Sheet{}", index + 1);
    let Some(&cch) = data.get(6) else { return fallback() };
    let cch = cch as usize;
    let name = if biff8 {
        match data.get(7) {
            Some(f) if f & 1 != 0 => data.get(8..8 + 2 * cch).map(|b| UTF_16LE.decode_without_bom_handling(b).0.into_owned()),
            Some(_) => data.get(8..8 + cch).map(|b| b.iter().map(|c| *c as char).collect()),
            None => None,
        }
    } else {
        data.get(7..7 + cch).map(|b| WINDOWS_1258.decode_without_bom_handling(b).0.into_owned())
    };
    name.map(|n| n.replace('\0', "")).filter(|n| !n.is_empty()).unwrap_or_else(fallback)
}

/// The box of the cells met, from the first to the farthest.
#[derive(Default)]
struct Extent(Option<((u32, u32), (u32, u32))>);

impl Extent {
    fn add(&mut self, (row, col): (u32, u32)) -> (u64, u64) {
        let ((r0, c0), (r1, c1)) = self.0.unwrap_or(((row, col), (row, col)));
        let b = ((r0.min(row), c0.min(col)), (r1.max(row), c1.max(col)));
        self.0 = Some(b);
        Self::size(b)
    }

    fn size(((r0, c0), (r1, c1)): ((u32, u32), (u32, u32))) -> (u64, u64) {
        ((r1 - r0) as u64 + 1, (c1 - c0) as u64 + 1)
    }

    fn cells(&self) -> u64 {
        self.0.map_or(0, |b| {
            let (h, w) = Self::size(b);
            h * w
        })
    }
}

/// What all sheets read so far will hold.
struct Totals<'n> {
    name: &'n str,
    records: u64,
    cells: u64,
    text: u64,
    formulas: u64,
}

impl Totals<'_> {
    fn text(&mut self, chars: u64) -> Result<()> {
        self.text = self.text.saturating_add(chars.saturating_mul(CHAR_BYTES)).saturating_add(CELL_BYTES);
        if self.text > MAX_TEXT_BYTES {
            return Err(too_large_file(
                self.name,
                &format!("cells would hold more than {MAX_TEXT_BYTES} bytes of text"),
                &format!("chứa hơn {} MB chữ khi đọc ra", MAX_TEXT_BYTES >> 20),
            ));
        }
        Ok(())
    }
}

fn scan(stream: &[u8], name: &str) -> Result<()> {
    let malformed = |why: Malformed| {
        log::info!("{name}: refused before reading: {why}");
        damaged(name)
    };
    let mut totals = Totals { name, records: 0, cells: 0, text: 0, formulas: 0 };
    let mut sheets: Vec<(usize, String)> = Vec::new();
    let mut strings: Vec<u32> = Vec::new();
    let mut biff8 = true;
    for record in (Records { stream }) {
        let r = record.map_err(malformed)?;
        totals.records += 1;
        match r.typ {
            // FILEPASS: encrypted with a password to open it.
            0x002F if u16le(r.data, 0).is_some_and(|v| v != 0) => return Err(password(name)),
            0x0809 => biff8 = !matches!(u16le(r.data, 0), Some(v) if v != 0x0600),
            0x0085 => {
                if r.data.len() < 6 {
                    return Err(malformed("a short BOUNDSHEET record"));
                }
                sheets.push((u32le(r.data, 0).unwrap_or(0) as usize, sheet_name(r.data, biff8, sheets.len())));
                if sheets.len() > MAX_SHEETS {
                    return Err(too_large_file(name, &format!("more than {MAX_SHEETS} sheets"), &format!("có hơn {} trang tính", MAX_SHEETS)));
                }
            }
            0x00FC => {
                strings = shared_string_lengths(&r).map_err(malformed)?;
                for n in &strings {
                    totals.text(*n as u64)?;
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    for (pos, sheet) in &sheets {
        let records = stream.get(*pos..).ok_or_else(|| malformed("a sheet starts past the end of the stream"))?;
        scan_sheet(records, sheet, &strings, &mut totals).map_err(|stop| match stop {
            Stop::Refused(e) => e,
            Stop::Malformed(why) => malformed(why),
        })?;
    }
    Ok(())
}

/// Why a sheet was refused: over a limit (the message says which), or malformed.
enum Stop {
    Refused(Error),
    Malformed(Malformed),
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Stop::Refused(e)
    }
}

/// One sheet's records, as the library reads them: from its BOF to its EOF, skipping embedded
/// substreams (charts).
fn scan_sheet(stream: &[u8], sheet: &str, strings: &[u32], totals: &mut Totals) -> std::result::Result<(), Stop> {
    let (mut values, mut formulas) = (Extent::default(), Extent::default());
    let (mut seen_bof, mut depth, mut formula_at) = (false, 0usize, (0u32, 0u32));
    let position = |d: &[u8]| match (u16le(d, 0), u16le(d, 2)) {
        (Some(r), Some(c)) => Ok((r as u32, c as u32)),
        _ => Err(Stop::Malformed("a short cell record")),
    };
    let check = |extent: &mut Extent, at: (u32, u32)| -> std::result::Result<(), Stop> {
        let (h, w) = extent.add(at);
        Ok(check_span(sheet, h, w, Some(at))?)
    };
    for record in (Records { stream }) {
        let r = record.map_err(Stop::Malformed)?;
        totals.records += 1;
        if totals.records > MAX_RECORDS {
            return Err(too_large_file(totals.name, &format!("more than {MAX_RECORDS} records to read"), "có quá nhiều bản ghi").into());
        }
        if depth > 0 {
            match r.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let d = r.data;
        match r.typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            // DIMENSIONS: the library reserves room for this many cells.
            0x0200 => {
                let (rf, rl, mut cf, cl) = match d.len() {
                    10 => (u16le(d, 0).unwrap_or(0) as u32, u16le(d, 2).unwrap_or(0) as u32, u16le(d, 4).unwrap_or(0) as u32, u16le(d, 6).unwrap_or(0) as u32),
                    14 | 16 => (u32le(d, 0).unwrap_or(0), u32le(d, 4).unwrap_or(0), u16le(d, 8).unwrap_or(0) as u32, u16le(d, 10).unwrap_or(0) as u32),
                    _ => return Err(Stop::Malformed("a DIMENSIONS record of unknown length")),
                };
                if 0xFF < cf || cl < cf {
                    cf = 0;
                }
                let (start, end) = if rl >= 1 && cl >= 1 { ((rf, cf), (rl - 1, cl - 1)) } else { ((rf, cf), (rf, cf)) };
                if end.0 < start.0 || end.1 < start.1 {
                    return Err(Stop::Malformed("a DIMENSIONS record ending before it starts"));
                }
                check_span(sheet, (end.0 - start.0) as u64 + 1, (end.1 - start.1) as u64 + 1, None)?;
            }
            // Number, BoolErr, RK.
            0x0203 | 0x0205 | 0x027E => check(&mut values, position(d)?)?,
            // Label, RString: text in the record.
            0x0204 | 0x00D6 => {
                check(&mut values, position(d)?)?;
                totals.text(u16le(d, 6).unwrap_or(0).min(d.len() as u16) as u64)?;
            }
            // LabelSst: a copy of a shared string.
            0x00FD => {
                check(&mut values, position(d)?)?;
                if let Some(n) = u32le(d, 6).and_then(|i| strings.get(i as usize)) {
                    totals.text(*n as u64)?;
                }
            }
            // MulRk: numbers from one column to another.
            0x00BD => {
                let (row, first) = position(d)?;
                let last = u16le(d, d.len().saturating_sub(2)).unwrap_or(0) as u32;
                let count = (d.len().saturating_sub(6) / 6) as u32;
                check(&mut values, (row, first))?;
                check(&mut values, (row, last.max(first + count.saturating_sub(1))))?;
            }
            // Formula: its cached value, and the formula written out.
            0x0006 => {
                if d.len() < 20 {
                    return Err(Stop::Malformed("a short FORMULA record"));
                }
                formula_at = position(d)?;
                check(&mut values, formula_at)?;
                check(&mut formulas, formula_at)?;
                totals.formulas = totals.formulas.saturating_add((d.len() as u64 - 20) * FORMULA_EXPANSION + CELL_BYTES);
                if totals.formulas > MAX_FORMULA_BYTES {
                    return Err(too_large_file(totals.name, "formulas would be written out too large", "có công thức phình ra quá lớn khi đọc").into());
                }
            }
            // String: the text value of the formula before it.
            0x0207 => {
                check(&mut values, formula_at)?;
                totals.text(u16le(d, 0).unwrap_or(0).min(d.len() as u16) as u64)?;
            }
            0x000A => break,
            _ => {}
        }
    }
    totals.cells = totals.cells.saturating_add(values.cells()).saturating_add(formulas.cells());
    if totals.cells > MAX_CELLS {
        return Err(too_large_file(
            totals.name,
            &format!("the sheets span more than {MAX_CELLS} cells together"),
            &format!("có các trang cộng lại hơn {} ô", super::grouped(MAX_CELLS)),
        )
        .into());
    }
    Ok(())
}
