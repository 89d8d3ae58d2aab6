//! Printing an HTML document to PDF in the headless browser, in the layout of administrative
//! documents (Decree 30/2020/NĐ-CP): A4 portrait, margins top and bottom 20 mm, left 30 mm,
//! right 15 mm, and "Trang X/Y" at the foot of every page.
//!
//! The document is put into a blank page with `Page.setDocumentContent` (a data URL would be cut
//! at Chromium's 2 MB URL limit, and a screenshot alone can weigh that), so nothing is fetched.
//! One [`PdfPrinter`] serves a whole batch: the browser starts once, each document gets its own
//! page, and dropping the printer kills the browser's process group and removes its profile.

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

use super::cdp::{Cdp, CdpError};
use super::find::find_browser;
use super::process::BrowserProcess;
use super::Stop;
use ttdt_model::error::{Error, Result};

/// Millimetres per inch: the DevTools protocol takes paper sizes and margins in inches.
const MM: f64 = 1.0 / 25.4;
const A4: (f64, f64) = (210.0, 297.0);
/// Top, bottom, left, right, in millimetres, within Decree 30's ranges.
pub const MARGINS_MM: (f64, f64, f64, f64) = (20.0, 20.0, 30.0, 15.0);

/// The page number in the bottom margin; Chromium fills the `pageNumber` and `totalPages` spans.
/// Its font size must be set: the margin templates start at a tiny default.
const FOOTER: &str = "<div style=\"width:100%;text-align:center;font-size:10pt;font-family:'Times New Roman','Liberation Serif','DejaVu Serif',serif;\">\
Trang <span class=\"pageNumber\"></span>/<span class=\"totalPages\"></span></div>";

/// Launching the browser and opening its DevTools connection.
const LAUNCH_BUDGET: Duration = Duration::from_secs(30);
/// One document: a page, the content, its images and fonts, the print.
const PRINT_BUDGET: Duration = Duration::from_secs(90);
const CALL: Duration = Duration::from_secs(10);

/// Waits until the fonts and every image of the document are ready (a broken image counts as
/// ready: the print goes on without it).
const READY_JS: &str = "Promise.all([document.fonts ? document.fonts.ready : null].concat(Array.from(document.images).map(function (i) { \
return i.complete ? null : new Promise(function (r) { i.addEventListener('load', r); i.addEventListener('error', r); }); }))).then(function () { return true; })";

fn pdf_error(e: impl std::fmt::Display) -> Error {
    Error::Pdf(e.to_string())
}

/// A cancelled print is an error too: the caller, who set the flag, knows it was not a failure.
fn cdp_error(e: CdpError) -> Error {
    pdf_error(e)
}

/// A headless browser kept open to print documents to PDF.
pub struct PdfPrinter {
    // Dropped in this order: the connection first, then the process guard kills the browser.
    cdp: Cdp,
    _process: BrowserProcess,
    browser: String,
}

impl PdfPrinter {
    /// Finds the browser (`chrome_path`, else `TTDT_CHROME`, else the usual names and install
    /// paths) and starts it with a fresh profile. Blocking.
    pub fn launch(chrome_path: Option<&Path>, cancel: &AtomicBool) -> Result<PdfPrinter> {
        let path = find_browser(chrome_path).map_err(|detail| Error::NoBrowser { detail })?;
        let stop = Stop { cancel, deadline: Instant::now() + LAUNCH_BUDGET };
        let process = BrowserProcess::launch(&path, false, stop).map_err(|(_, e)| pdf_error(e))?;
        let cdp = Cdp::connect(&process.ws_url, stop).map_err(cdp_error)?;
        Ok(PdfPrinter { cdp, _process: process, browser: path.display().to_string() })
    }

    /// The browser's executable.
    pub fn browser(&self) -> &str {
        &self.browser
    }

    /// Prints a whole HTML document to PDF bytes. The document must not need the network (its
    /// images inline as data URLs): nothing waits for a fetch.
    pub fn print(&mut self, html: &str, cancel: &AtomicBool) -> Result<Vec<u8>> {
        let stop = Stop { cancel, deadline: Instant::now() + PRINT_BUDGET };
        let target = self
            .cdp
            .call(None, "Target.createTarget", json!({ "url": "about:blank" }), stop, CALL)
            .map_err(cdp_error)?["targetId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let result = self.print_in(&target, html, stop);
        // The page is closed whatever happened, so a batch does not pile pages up.
        let close = Stop { cancel: &AtomicBool::new(false), deadline: Instant::now() + Duration::from_secs(3) };
        let _ = self.cdp.call(None, "Target.closeTarget", json!({ "targetId": target }), close, Duration::from_secs(3));
        result
    }

    fn print_in(&mut self, target: &str, html: &str, stop: Stop<'_>) -> Result<Vec<u8>> {
        let session = self
            .cdp
            .call(None, "Target.attachToTarget", json!({ "targetId": target, "flatten": true }), stop, CALL)
            .map_err(cdp_error)?["sessionId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let s = Some(session.as_str());
        self.cdp.call(s, "Page.enable", json!({}), stop, CALL).map_err(cdp_error)?;
        let tree = self.cdp.call(s, "Page.getFrameTree", json!({}), stop, CALL).map_err(cdp_error)?;
        let frame = tree["frameTree"]["frame"]["id"].as_str().unwrap_or_default().to_string();
        self.cdp.call(s, "Page.setDocumentContent", json!({ "frameId": frame, "html": html }), stop, CALL).map_err(cdp_error)?;
        let ready = self
            .cdp
            .call(s, "Runtime.evaluate", json!({ "expression": READY_JS, "awaitPromise": true, "returnByValue": true }), stop, CALL)
            .map_err(cdp_error)?;
        if ready["result"]["value"] != Value::Bool(true) {
            return Err(pdf_error(format!("the document did not get ready: {}", ready["exceptionDetails"])));
        }
        let (top, bottom, left, right) = MARGINS_MM;
        let params = json!({
            "landscape": false,
            "printBackground": true,
            "displayHeaderFooter": true,
            "headerTemplate": "<span></span>",
            "footerTemplate": FOOTER,
            "paperWidth": A4.0 * MM,
            "paperHeight": A4.1 * MM,
            "marginTop": top * MM,
            "marginBottom": bottom * MM,
            "marginLeft": left * MM,
            "marginRight": right * MM,
            "preferCSSPageSize": false,
        });
        let printed = self.cdp.call(s, "Page.printToPDF", params, stop, Duration::from_secs(60)).map_err(cdp_error)?;
        let data = printed["data"].as_str().ok_or_else(|| pdf_error("the browser returned no PDF"))?;
        let bytes = base64::engine::general_purpose::STANDARD.decode(data).map_err(pdf_error)?;
        if !bytes.starts_with(b"%PDF-") {
            return Err(pdf_error("the browser returned something that is not a PDF"));
        }
        Ok(bytes)
    }
}

/// Prints one document: launches a browser, prints, and kills the browser.
pub fn print_pdf(html: &str, chrome_path: Option<&Path>, cancel: &AtomicBool) -> Result<Vec<u8>> {
    PdfPrinter::launch(chrome_path, cancel)?.print(html, cancel)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Processes of one browser still alive (they name its profile folder; other tests of this
    /// process run browsers of their own at the same time).
    fn browsers_left(profile: &Path) -> usize {
        super::super::process::processes_naming(profile).len()
    }

    #[test]
    fn a_missing_browser_is_a_clear_error_in_vietnamese() {
        let err = print_pdf("<p>x</p>", Some(Path::new("/nonexistent/chromium")), &AtomicBool::new(false)).unwrap_err();
        assert_eq!(err.code(), "no_browser");
        assert!(err.user_message().contains("TTDT_CHROME"), "{}", err.user_message());
    }

    #[test]
    fn prints_a4_pages_and_leaves_no_browser() {
        let chrome = find_browser(None).unwrap_or_else(|e| {
            panic!("Chromium is not installed ({e}): install it (`scripts/setup.sh --test-tools`) or set TTDT_CHROME.")
        });
        let cancel = AtomicBool::new(false);
        let mut printer = PdfPrinter::launch(Some(&chrome), &cancel).unwrap();
        let long: String = (0..200).map(|i| format!("<p>Dòng {i}: Cộng hòa xã hội chủ nghĩa Việt Nam</p>")).collect();
        let one = printer.print("<!doctype html><meta charset=utf-8><p>Độc lập - Tự do - Hạnh phúc</p>", &cancel).unwrap();
        let many = printer.print(&format!("<!doctype html><meta charset=utf-8>{long}"), &cancel).unwrap();
        let profile = printer._process.profile_dir.clone();
        drop(printer);
        for pdf in [&one, &many] {
            assert!(pdf.starts_with(b"%PDF-"));
            let text = String::from_utf8_lossy(pdf);
            // A4 is 595.28 × 841.89 points; Chromium rounds to its own units.
            let boxes: Vec<(f64, f64)> = text
                .split("/MediaBox [")
                .skip(1)
                .filter_map(|rest| {
                    let n: Vec<f64> = rest.split(']').next()?.split_whitespace().filter_map(|x| x.parse().ok()).collect();
                    Some((*n.get(2)?, *n.get(3)?))
                })
                .collect();
            assert!(!boxes.is_empty(), "no page size in the PDF");
            for (w, h) in boxes {
                assert!((w - 595.28).abs() < 2.0 && (h - 841.89).abs() < 2.0, "page of {w} × {h} points is not A4 portrait");
            }
        }
        let pages = |pdf: &[u8]| {
            let text = String::from_utf8_lossy(pdf);
            text.matches("/Type /Page").count() - text.matches("/Type /Pages").count()
        };
        assert_eq!(pages(&one), 1);
        assert!(pages(&many) > 1, "200 lines take more than one page");
        let until = Instant::now() + Duration::from_secs(3);
        while browsers_left(&profile) > 0 {
            assert!(Instant::now() < until, "browser processes left behind");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}
