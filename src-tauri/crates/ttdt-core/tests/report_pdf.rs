//! The evaluation report printed to PDF by a real headless Chromium and read back with poppler's
//! `pdftotext`, on the demo campaign scanned from its sample portals on loopback. These tests
//! need Chromium and poppler-utils: without them they fail with a message saying so.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use calamine::{open_workbook_auto, Data, Reader};
use ttdt_core::browser::{self, BrowserConfig};
use ttdt_core::clock::FixedClock;
use ttdt_core::collect::{CancelToken, CollectConfig};
use ttdt_core::domain::{Level, Outcome, ReviewInput, Reviewer};
use ttdt_core::files::Destination;
use ttdt_core::report::{self, ReportOptions, SiteReport};
use ttdt_core::{demo, exports, scanning, Store};

/// One test at a time: each checks afterwards that no browser of this process is left.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

fn chrome() -> PathBuf {
    browser::find_browser(None).unwrap_or_else(|e| {
        panic!("Chromium is not installed ({e}). These tests print real PDFs: install it (`scripts/setup.sh --test-tools`) or set TTDT_CHROME.")
    })
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} could not run ({e}): install poppler-utils (`scripts/setup.sh --test-tools`).")
    });
    assert!(out.status.success(), "{name} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The PDF's text with runs of white space made one space (a table cell may wrap a name).
fn pdf_text(pdf: &Path) -> String {
    tool("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A number as a Vietnamese document writes it: at most two decimals, a decimal comma.
fn vi_number(x: f64) -> String {
    let s = format!("{:.2}", x);
    s.trim_end_matches('0').trim_end_matches('.').replace('.', ",")
}

/// Browser processes and profiles of this test process still alive.
fn assert_no_browser_left() {
    let needle = format!("ttdt-chrome-{}-", std::process::id());
    let until = Instant::now() + Duration::from_secs(3);
    loop {
        let left: Vec<String> = std::fs::read_dir("/proc")
            .expect("/proc")
            .flatten()
            .filter(|e| e.file_name().to_str().is_some_and(|s| s.parse::<u32>().is_ok()))
            .filter_map(|e| std::fs::read(e.path().join("cmdline")).ok())
            .map(|c| String::from_utf8_lossy(&c).replace('\0', " "))
            .filter(|c| c.contains(&needle))
            .collect();
        if left.is_empty() {
            break;
        }
        assert!(Instant::now() < until, "browser processes left behind: {left:#?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    let profiles: Vec<_> =
        std::fs::read_dir(std::env::temp_dir()).expect("temp dir").flatten().filter(|e| e.file_name().to_string_lossy().starts_with(&needle)).collect();
    assert!(profiles.is_empty(), "temporary profiles left behind");
}

const HOSTILE_NOTE: &str = "<b>Đã xem</b> & <script>alert('x')</script>";

/// The demo campaign with its province portal scanned in the browser (so a screenshot is stored)
/// and a reviewer's decision whose note is markup.
struct Demo {
    dir: tempfile::TempDir,
    store: Mutex<Store>,
    campaign_id: i64,
    site_id: i64,
    _server: demo::DemoServer,
}

fn scanned_demo() -> Demo {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock(time::macros::datetime!(2026-02-05 09:00 +07:00)));
    let mut store = Store::open_with_clock(dir.path().join("x.db"), clock).unwrap();
    store.set_reviewer(&Reviewer { name: "Lê Văn Thẩm Định".into(), unit: "Cục Chuyển đổi số quốc gia".into() }).unwrap();
    let server = demo::DemoServer::start(0).unwrap();
    let (campaign, _) = demo::init_demo(&mut store, &server.base_url()).unwrap();
    let site = store.list_sites(campaign.id).unwrap().into_iter().find(|s| s.level == Level::Province).expect("a province in the demo");
    let store = Mutex::new(store);
    let config = CollectConfig { browser: Some(BrowserConfig { chrome_path: Some(chrome()), runs: 1, ..Default::default() }), ..Default::default() };
    let summary = scanning::scan_sites(&store, &[site.id], config, 1, &CancelToken::default(), |_| {}).unwrap();
    assert_eq!(summary.scanned, 1);
    assert!(summary.recorded > 20, "the scan recorded {} results", summary.recorded);
    {
        let mut st = store.lock().unwrap();
        let decision = ReviewInput { outcome: Outcome::Pass, share: None, points: None, note: HOSTILE_NOTE.into(), checklist: vec![], reason: "Đã xem trực tiếp".into() };
        st.review(site.id, "CT.02", &decision).unwrap();
    }
    Demo { dir, store, campaign_id: campaign.id, site_id: site.id, _server: server }
}

/// The scorecard's total, as its workbook holds it (the cached value of the TỔNG ĐIỂM row's formula).
fn scorecard_total(d: &Demo) -> f64 {
    let path = exports::save_scorecard(&d.store.lock().unwrap(), d.site_id, &Destination::Folder(d.dir.path().to_path_buf())).unwrap();
    let mut wb = open_workbook_auto(&path).unwrap();
    let range = wb.worksheet_range("Phiếu đánh giá").unwrap();
    let rows: Vec<_> = range.rows().collect();
    let total_row = rows.iter().find(|r| matches!(r.first(), Some(Data::String(s)) if s == "TỔNG ĐIỂM")).expect("a TỔNG ĐIỂM row");
    match &total_row[6] {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("total cell holds {other:?}"),
    }
}

#[derive(Debug, Clone, Copy)]
struct WordBox {
    page: usize,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// Every word box of `pdftotext -bbox`, with the page sizes.
fn word_boxes(pdf: &Path) -> (Vec<(f64, f64)>, Vec<(WordBox, String)>) {
    let html = tool("pdftotext", &["-bbox", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    let attr = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).unwrap_or_else(|| panic!("{name} in {tag}")) + name.len() + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    let (mut pages, mut words) = (Vec::new(), Vec::new());
    for part in html.split('<').skip(1) {
        if part.starts_with("page ") {
            pages.push((attr(part, "width"), attr(part, "height")));
        } else if part.starts_with("word ") {
            let text = part.split('>').nth(1).unwrap_or("").to_string();
            let b = WordBox { page: pages.len() - 1, x0: attr(part, "xMin"), y0: attr(part, "yMin"), x1: attr(part, "xMax"), y1: attr(part, "yMax") };
            words.push((b, text));
        }
    }
    (pages, words)
}

#[test]
fn the_report_of_a_scanned_site_reads_back_with_every_criterion_and_the_scorecards_total() {
    let _g = serial();
    let d = scanned_demo();
    let (site, criteria) = {
        let st = d.store.lock().unwrap();
        (st.site(d.site_id).unwrap(), st.campaign_framework(d.campaign_id).unwrap().criteria)
    };
    let pdf = d.dir.path().join("bao-cao.pdf");
    let opts = ReportOptions { chrome: Some(chrome()), ..Default::default() };
    let written = report::save_report(&d.store, d.site_id, &Destination::File(pdf.clone()), &opts).unwrap();
    assert_no_browser_left();
    assert_eq!(written, pdf);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let text = pdf_text(&pdf);
    // Decree 30's heading, with its diacritics intact.
    for expected in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "CỤC CHUYỂN ĐỔI SỐ QUỐC GIA", "BÁO CÁO", "KẾT QUẢ ĐÁNH GIÁ CỔNG/TRANG THÔNG TIN ĐIỆN TỬ"] {
        assert!(text.contains(expected), "{expected:?} missing from the report");
    }
    // The fixed clock's date, written as Decree 30 asks (a zero before day 5 and month 2).
    assert!(text.contains("ngày 05 tháng 02 năm 2026"), "date line missing");
    assert!(text.contains(&site.agency_name), "agency {:?} missing", site.agency_name);
    assert!(text.contains(&site.url), "address {:?} missing", site.url);
    let applicable: Vec<&str> = criteria.iter().filter(|c| !c.retired && c.applies_to(site.level)).map(|c| c.code.as_str()).collect();
    assert!(applicable.len() > 40);
    for code in &applicable {
        assert!(text.contains(code), "criterion {code} missing from the report");
    }
    let total = vi_number(scorecard_total(&d));
    assert!(text.contains(&format!("Tổng điểm: {total} trên")), "the scorecard's total {total} is not the report's: {}", &text[..text.len().min(3000)]);
    // The reviewer's note is printed as text, not read as markup (a narrow cell may break it
    // anywhere, so spaces are left out of the comparison).
    let squeezed = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert!(squeezed(&text).contains(&squeezed(HOSTILE_NOTE)), "the note's markup was not escaped");
    assert!(text.contains("Lê Văn Thẩm Định"), "the reviewer is missing");
    assert!(text.contains("Trang 1/"), "page numbers missing");

    // The homepage's screenshot from the browser scan is embedded as an image.
    let report = {
        let st = d.store.lock().unwrap();
        SiteReport::read(&st, &st.campaign_scores(d.campaign_id).unwrap(), &Default::default(), d.site_id).unwrap()
    };
    assert!(report.screenshot_png_base64.is_some(), "the browser scan stored no screenshot");
    let images = tool("pdfimages", &["-list", pdf.to_str().unwrap()]);
    assert!(images.lines().count() > 2, "no image in the report:\n{images}");

    // Serif fonts only (Times New Roman or its metric twin, DejaVu Serif at worst for marks a
    // font lacks), embedded.
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(fonts.lines().count() > 2, "no font:\n{fonts}");
    assert!(fonts.lines().skip(2).all(|l| l.contains("Serif") || l.contains("Times")), "a font is not serif:\n{fonts}");
    assert!(fonts.lines().skip(2).all(|l| l.split_whitespace().rev().nth(4) == Some("yes")), "a font is not embedded:\n{fonts}");
}

#[test]
fn no_two_words_of_the_report_overlap_and_all_stay_on_the_page() {
    let _g = serial();
    let d = scanned_demo();
    let pdf = d.dir.path().join("bao-cao.pdf");
    let opts = ReportOptions { chrome: Some(chrome()), ..Default::default() };
    report::save_report(&d.store, d.site_id, &Destination::File(pdf.clone()), &opts).unwrap();
    let (pages, words) = word_boxes(&pdf);
    assert!(pages.len() >= 2, "a report of 50-odd criteria takes more than one page");
    for (w, h) in &pages {
        // A4 portrait is 595 × 842 points.
        assert!((w - 595.3).abs() < 2.0 && (h - 841.9).abs() < 2.0, "page of {w} × {h}");
    }
    assert!(words.len() > 500, "only {} words", words.len());
    let mut by_page: HashMap<usize, Vec<&(WordBox, String)>> = HashMap::new();
    for w in &words {
        by_page.entry(w.0.page).or_default().push(w);
        let (pw, ph) = pages[w.0.page];
        assert!(w.0.x0 >= 0.0 && w.0.x1 <= pw && w.0.y0 >= 0.0 && w.0.y1 <= ph, "{:?} is off the page", w.1);
    }
    // Boxes of adjacent words may touch; more than a point of overlap both ways is text on text.
    const TOLERANCE: f64 = 1.0;
    for (page, ws) in by_page {
        for (i, (a, ta)) in ws.iter().map(|w| (&w.0, &w.1)).enumerate() {
            for (b, tb) in ws[i + 1..].iter().map(|w| (&w.0, &w.1)) {
                let dx = a.x1.min(b.x1) - a.x0.max(b.x0);
                let dy = a.y1.min(b.y1) - a.y0.max(b.y0);
                assert!(dx <= TOLERANCE || dy <= TOLERANCE, "page {}: {ta:?} {a:?} overlaps {tb:?} {b:?}", page + 1);
            }
        }
    }
}

#[test]
fn a_campaign_batch_writes_one_pdf_per_site_with_one_browser_and_stops_when_cancelled() {
    let _g = serial();
    let d = scanned_demo();
    let sites = d.store.lock().unwrap().list_sites(d.campaign_id).unwrap();
    let out = d.dir.path().join("bao-cao");
    let opts = ReportOptions { chrome: Some(chrome()), ..Default::default() };
    let mut seen = Vec::new();
    let batch = report::save_all_reports(&d.store, d.campaign_id, &out, &opts, &AtomicBool::new(false), |p| seen.push(p.clone())).unwrap();
    assert_no_browser_left();
    assert_eq!((batch.written, batch.failed, batch.cancelled), (sites.len(), 0, false));
    assert_eq!(seen.iter().map(|p| p.done).collect::<Vec<_>>(), (1..=sites.len()).collect::<Vec<_>>());
    for (p, site) in seen.iter().zip(&sites) {
        let path = PathBuf::from(p.path.as_deref().expect("a written file"));
        assert!(path.starts_with(&out));
        assert!(pdf_text(&path).contains(&site.agency_name), "{} is not the report of {}", path.display(), site.agency_name);
    }

    // Cancelled after the first site: that report stays, no other is written.
    let again = d.dir.path().join("bao-cao-huy");
    let cancel = AtomicBool::new(false);
    let batch = report::save_all_reports(&d.store, d.campaign_id, &again, &opts, &cancel, |_| cancel.store(true, Ordering::Relaxed)).unwrap();
    assert_no_browser_left();
    assert_eq!((batch.written, batch.cancelled), (1, true));
    assert_eq!(std::fs::read_dir(&again).unwrap().count(), 1);
}

#[test]
fn a_missing_browser_fails_before_anything_is_written() {
    let _g = serial();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(dir.path().join("x.db")).unwrap();
    let (campaign, _) = demo::init_demo(&mut store, "http://127.0.0.1:9").unwrap();
    let site = store.list_sites(campaign.id).unwrap()[0].clone();
    let opts = ReportOptions { chrome: Some(dir.path().join("khong-co-chromium")), ..Default::default() };
    let pdf = dir.path().join("bao-cao.pdf");
    let err = report::save_report(&store, site.id, &Destination::File(pdf.clone()), &opts).unwrap_err();
    assert_eq!(err.code(), "no_browser");
    assert!(err.user_message().contains("Không tìm thấy trình duyệt"), "{}", err.user_message());
    assert!(!pdf.exists());
    let out = dir.path().join("bao-cao");
    let err = report::save_all_reports(&store, campaign.id, &out, &opts, &AtomicBool::new(false), |_| panic!("no site is printed")).unwrap_err();
    assert_eq!(err.code(), "no_browser");
    assert!(!out.exists());
}
