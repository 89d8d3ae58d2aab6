//! Exported workbooks as printed documents: the scanned demo campaign's scorecard and ranking
//! workbook converted to PDF by LibreOffice, and where each word landed read back with poppler's
//! `pdftotext -bbox`; and the campaign's document settings (issuer, place, signatories) read back
//! from both workbooks with calamine.
//!
//! The PDF test needs LibreOffice (`soffice`) and poppler-utils; without `soffice` it says so and
//! stops, as the LibreOffice recalculation test does.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

use calamine::{open_workbook_auto, Data, Reader};
use ttdt_core::browser::{self, BrowserConfig};
use ttdt_core::clock::FixedClock;
use ttdt_core::collect::{CancelToken, CollectConfig};
use ttdt_core::domain::{CampaignDocument, Level, Outcome, ReviewInput, Reviewer, Signatory};
use ttdt_core::files::Destination;
use ttdt_core::{demo, exports, scanning, Store};

const ISSUER: &str = "Sở Thông tin và Truyền thông tỉnh Sơn Hà";
const PLACE: &str = "Sơn Hà";
const HEAD: (&str, &str) = ("Trưởng đoàn", "Nguyễn Văn Trưởng");
const MAKER: (&str, &str) = ("Người lập", "Trần Thị Lập");

fn document() -> CampaignDocument {
    CampaignDocument {
        issuer: ISSUER.into(),
        place: PLACE.into(),
        signatories: [MAKER, HEAD].iter().map(|(t, n)| Signatory { title: t.to_string(), name: n.to_string() }).collect(),
    }
}

struct Demo {
    dir: tempfile::TempDir,
    store: Store,
    campaign_id: i64,
    _server: demo::DemoServer,
}

/// The demo campaign over its sample portals on loopback, with the campaign's document settings.
fn demo_campaign() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock(time::macros::datetime!(2026-11-23 09:30 +07:00)));
    let mut store = Store::open_with_clock(dir.path().join("x.db"), clock).unwrap();
    store.set_reviewer(&Reviewer { name: "Lê Văn Thẩm Định".into(), unit: "Cục Chuyển đổi số quốc gia".into() }).unwrap();
    let server = demo::DemoServer::start(0).unwrap();
    let (campaign, _) = demo::init_demo(&mut store, &server.base_url()).unwrap();
    store.set_campaign_document(campaign.id, &document()).unwrap();
    Demo { dir, store, campaign_id: campaign.id, _server: server }
}

/// The demo scanned: every portal without a browser, and the province's page loads measured in
/// Chromium when one is installed (whether it was is returned). A reviewer's long note too.
fn scanned_demo() -> (Demo, bool) {
    let d = demo_campaign();
    let sites = d.store.list_sites(d.campaign_id).unwrap();
    let ids: Vec<i64> = sites.iter().map(|s| s.id).collect();
    let Demo { dir, store, campaign_id, _server } = d;
    let shared = Mutex::new(store);
    let s = scanning::scan_sites(&shared, &ids, CollectConfig::default(), 2, &CancelToken::default(), |_| {}).unwrap();
    assert_eq!(s.scanned, ids.len());
    let province = sites.iter().find(|s| s.level == Level::Province).unwrap();
    let measured = match browser::find_browser(None) {
        Ok(chrome) => {
            let config = CollectConfig { browser: Some(BrowserConfig { chrome_path: Some(chrome), runs: 1, ..Default::default() }), ..Default::default() };
            scanning::scan_sites(&shared, &[province.id], config, 1, &CancelToken::default(), |_| {}).unwrap();
            true
        }
        Err(e) => {
            eprintln!("Chromium not found ({e}): the page loads are not measured, and the exports must say so.");
            false
        }
    };
    let mut store = shared.into_inner().unwrap();
    let note = "Đã đối chiếu trực tiếp trên cổng: mục giới thiệu có đủ chức năng, nhiệm vụ, quyền hạn; sơ đồ tổ chức là ảnh chụp, cần thay bằng văn bản để đọc được bằng máy. ".repeat(3);
    let decision = ReviewInput { outcome: Outcome::Pass, share: None, points: None, note, checklist: vec![], reason: "Đã xem trực tiếp".into() };
    store.review(province.id, "CT.02", &decision).unwrap();
    (Demo { dir, store, campaign_id, _server }, measured)
}

/// Converts a workbook to PDF with LibreOffice (its own profile, so that it runs beside other
/// instances). `None` when LibreOffice is not installed.
fn to_pdf(xlsx: &Path, out: &Path) -> Option<PathBuf> {
    let profile = out.join("profile");
    std::fs::create_dir_all(&profile).unwrap();
    let run = Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", profile.display()))
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(out)
        .arg(xlsx)
        .output();
    let run = match run {
        Ok(r) => r,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => panic!("soffice: {e}"),
    };
    assert!(run.status.success(), "soffice failed: {}", String::from_utf8_lossy(&run.stderr));
    let pdf = out.join(xlsx.with_extension("pdf").file_name().unwrap());
    assert!(pdf.exists(), "LibreOffice wrote no PDF: {}", String::from_utf8_lossy(&run.stdout));
    Some(pdf)
}

/// A word as `pdftotext -bbox` places it, in points from the page's top left.
#[derive(Debug, Clone)]
struct Word {
    page: usize,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

fn attr(tag: &str, name: &str) -> f64 {
    let at = tag.find(&format!(" {name}=\"")).unwrap_or_else(|| panic!("{name} missing in {tag}")) + name.len() + 3;
    tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&#39;", "'").replace("&amp;", "&")
}

/// The words of a PDF and its page count.
fn words(pdf: &Path) -> (Vec<Word>, usize) {
    let run = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed: scripts/setup.sh --test-tools installs it");
    assert!(run.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&run.stderr));
    let html = String::from_utf8(run.stdout).unwrap();
    let mut out = Vec::new();
    let mut page = 0;
    for part in html.split('<').skip(1) {
        if part.starts_with("page ") {
            page += 1;
        } else if let Some(rest) = part.strip_prefix("word ") {
            let (tag, text) = rest.split_once('>').unwrap();
            let tag = format!(" {tag}");
            out.push(Word { page, x0: attr(&tag, "xMin"), y0: attr(&tag, "yMin"), x1: attr(&tag, "xMax"), y1: attr(&tag, "yMax"), text: unescape(text) });
        }
    }
    (out, page)
}

/// Pairs of words of the same page whose boxes overlap by more than `eps` points both ways.
/// `pdftotext` gives a word the font's whole ascent and descent, taller than the line pitch
/// LibreOffice uses in a cell, so the lines of one paragraph touch: each box is first reduced to
/// the middle three fifths of its height, where the letters' bodies are.
fn overlaps(words: &[Word], eps: f64) -> Vec<(Word, Word)> {
    let core = |w: &Word| {
        let h = w.y1 - w.y0;
        (w.y0 + h * 0.2, w.y1 - h * 0.2)
    };
    let mut found = Vec::new();
    let mut sorted: Vec<&Word> = words.iter().collect();
    sorted.sort_by(|a, b| (a.page, a.x0).partial_cmp(&(b.page, b.x0)).unwrap());
    for (i, a) in sorted.iter().enumerate() {
        for b in &sorted[i + 1..] {
            if b.page != a.page || b.x0 >= a.x1 - eps {
                break;
            }
            let dx = a.x1.min(b.x1) - a.x0.max(b.x0);
            let ((ay0, ay1), (by0, by1)) = (core(a), core(b));
            let dy = ay1.min(by1) - ay0.max(by0);
            if dx > eps && dy > eps {
                found.push(((*a).clone(), (*b).clone()));
            }
        }
    }
    found
}

/// The printed lines: words of a page on the same baseline, left to right, each line a list of words.
fn lines(words: &[Word]) -> Vec<Vec<String>> {
    let mut sorted: Vec<&Word> = words.iter().collect();
    sorted.sort_by(|a, b| (a.page, a.y1, a.x0).partial_cmp(&(b.page, b.y1, b.x0)).unwrap());
    let mut out: Vec<(usize, f64, Vec<&Word>)> = Vec::new();
    for w in sorted {
        match out.last_mut() {
            Some((page, y, line)) if *page == w.page && (w.y1 - *y).abs() < 1.5 => line.push(w),
            _ => out.push((w.page, w.y1, vec![w])),
        }
    }
    out.into_iter()
        .map(|(_, _, mut line)| {
            line.sort_by(|a, b| a.x0.partial_cmp(&b.x0).unwrap());
            line.iter().map(|w| w.text.clone()).collect()
        })
        .collect()
}

/// How many times `name` is printed whole on one line.
fn whole(lines: &[Vec<String>], name: &str) -> usize {
    let want: Vec<&str> = name.split_whitespace().collect();
    lines.iter().map(|l| l.windows(want.len()).filter(|w| w.iter().zip(&want).all(|(a, b)| a == b)).count()).sum()
}

fn text_of(lines: &[Vec<String>]) -> String {
    lines.iter().map(|l| l.join(" ")).collect::<Vec<_>>().join("\n")
}

#[test]
fn workbooks_print_without_overlap_clipped_names_or_missing_signatures() {
    let (d, measured) = scanned_demo();
    let data = d.store.campaign_scores(d.campaign_id).unwrap();
    let folder = Destination::Folder(d.dir.path().join("xuat"));
    std::fs::create_dir_all(d.dir.path().join("xuat")).unwrap();
    let province = data.sites.iter().find(|s| s.level == Level::Province).unwrap();
    let card = exports::save_scorecard(&d.store, province.id, &folder).unwrap();
    let book = exports::save_ranking(&d.store, d.campaign_id, &folder, false).unwrap();

    let out = d.dir.path().join("pdf");
    let Some(card_pdf) = to_pdf(&card, &out) else {
        eprintln!("LibreOffice (soffice) is not installed: the printed exports are not checked. scripts/setup.sh --test-tools installs libreoffice-calc.");
        return;
    };
    let book_pdf = to_pdf(&book, &out).unwrap();

    let (card_words, card_pages) = words(&card_pdf);
    let (book_words, book_pages) = words(&book_pdf);
    for (name, w) in [("scorecard", &card_words), ("ranking", &book_words)] {
        let bad = overlaps(w, 0.5);
        assert!(bad.is_empty(), "{name}: {} overlapping words, e.g. {:?}", bad.len(), &bad[..bad.len().min(5)]);
    }
    assert!(card_pages <= 4, "the scorecard prints on {card_pages} pages");

    let card_lines = lines(&card_words);
    let book_lines = lines(&book_words);
    let card_text = text_of(&card_lines);
    let book_text = text_of(&book_lines);
    // Footers: the page of the pages, and the campaign.
    assert!(card_text.contains(&format!("Trang 1/{card_pages}")) && card_text.contains(&format!("Trang {card_pages}/{card_pages}")), "{card_text}");
    assert!(book_text.contains("Trang 1/") && book_text.contains(demo::DEMO_CAMPAIGN_NAME));
    assert!(book_pages > 1);

    // Every agency name is printed whole: once on its scorecard; on the ranking, in its block's
    // ranking, the matrix, the detail, the visits and on each of its evidence rows.
    assert_eq!(whole(&card_lines, &province.agency_name), 1, "{card_text}");
    for (i, site) in data.sites.iter().enumerate() {
        let evidence_rows = (0..data.criteria.len()).filter(|j| data.result_at(i, *j).is_some()).count();
        let expected = 4 + evidence_rows;
        let found = whole(&book_lines, &site.agency_name);
        assert!(found >= expected, "{}: printed whole {found} times, expected at least {expected}", site.agency_name);
    }

    // The signature block: the campaign's signatories, its issuer, place and date.
    for text in [&card_text, &book_text] {
        for (title, name) in [HEAD, MAKER] {
            assert!(text.contains(&title.to_uppercase()) && text.contains(name), "{title} {name} missing");
        }
        assert!(text.contains(&ISSUER.to_uppercase()));
        assert!(text.contains("Sơn Hà, ngày 23 tháng 11 năm 2026"));
        assert!(text.contains(&format!("TTĐT Workbench {}", env!("CARGO_PKG_VERSION"))));
        assert!(text.contains(&format!("bộ kiểm tra tự động {}", ttdt_core::checks::CHECKS_VERSION)));
        assert_eq!(text.contains("trình duyệt đo tải trang: Chromium"), measured, "{text}");
    }
    // No float noise and no bare share: points with two decimals.
    assert!(!book_text.contains("99999") && !card_text.contains("99999"));
}

/// A workbook's cells as text, every sheet.
fn cells(path: &Path) -> Vec<String> {
    let mut wb = open_workbook_auto(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names().to_vec() {
        let range = wb.worksheet_range(&name).unwrap();
        out.extend(range.rows().flat_map(|r| r.iter().map(|d| match d {
            Data::String(s) => s.clone(),
            other => other.to_string(),
        })));
    }
    out
}

#[test]
fn document_settings_appear_in_both_workbooks_and_a_refused_one_changes_nothing() {
    let mut d = demo_campaign();
    let folder = Destination::Folder(d.dir.path().to_path_buf());
    let site = d.store.list_sites(d.campaign_id).unwrap()[0].clone();
    let read = |store: &Store| {
        let card = cells(&exports::save_scorecard(store, site.id, &folder).unwrap());
        let book = cells(&exports::save_ranking(store, d.campaign_id, &folder, false).unwrap());
        (card, book)
    };
    let (card, book) = read(&d.store);
    for (name, all) in [("scorecard", &card), ("ranking", &book)] {
        let has = |s: &str| all.iter().any(|c| c == s);
        assert!(has(&ISSUER.to_uppercase()), "{name}: issuer missing");
        assert!(has("Sơn Hà, ngày 23 tháng 11 năm 2026"), "{name}: place and date missing");
        for (title, person) in [HEAD, MAKER] {
            assert!(has(&title.to_uppercase()) && has(person), "{name}: {title} {person} missing");
        }
        // The reviewer signs only when the campaign names no one.
        assert!(!has("NGƯỜI ĐÁNH GIÁ"), "{name}");
        assert!(all.iter().any(|c| c.starts_with("Thông tin xuất: TTĐT Workbench ") && c.contains("bộ tiêu chí TT22-ND224-2026")), "{name}");
    }

    // A refused setting changes neither the campaign nor its documents.
    let bad = CampaignDocument { signatories: vec![Signatory { title: " ".into(), name: "Không Chức Danh".into() }], ..document() };
    let e = d.store.set_campaign_document(d.campaign_id, &bad).unwrap_err();
    assert!(e.user_message().contains("chưa có chức danh"), "{}", e.user_message());
    assert_eq!(d.store.campaign_document(d.campaign_id).unwrap(), document());
    assert_eq!(read(&d.store), (card.clone(), book.clone()));

    // Cleared, the reviewer's unit issues and the reviewer signs, with a blank place to fill.
    d.store.set_campaign_document(d.campaign_id, &CampaignDocument::default()).unwrap();
    let (card, _) = read(&d.store);
    assert!(card.iter().any(|c| c == "CỤC CHUYỂN ĐỔI SỐ QUỐC GIA"));
    assert!(card.iter().any(|c| c == "NGƯỜI ĐÁNH GIÁ") && card.iter().any(|c| c == "Lê Văn Thẩm Định"));
    assert!(card.iter().any(|c| c == "……………, ngày 23 tháng 11 năm 2026"));
}
