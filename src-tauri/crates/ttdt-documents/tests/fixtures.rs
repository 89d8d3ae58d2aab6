//! Every fixture document of tests/fixtures/documents/ read as expected.toml says a reviewer
//! reads it: pages, text layer, header facts, and each checklist item found (on its page), not
//! found, or "cannot tell"; and hostile or corrupt files refused with a Vietnamese message.

use std::io::Write;
use std::path::PathBuf;

use serde::Deserialize;
use ttdt_documents::{analyse, extract, limits, Analysis, Kind};
use ttdt_model::framework;

#[derive(Deserialize)]
struct Expected {
    document: Vec<Doc>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Doc {
    name: String,
    about: String,
    formats: Vec<String>,
    kind: Option<String>,
    pages: u32,
    text_layer: bool,
    meta: Meta,
    criteria: Vec<Criterion>,
}

#[derive(Deserialize, Default)]
struct Meta {
    number: Option<String>,
    date: Option<String>,
    issuer: Option<String>,
    title: Option<String>,
}

#[derive(Deserialize)]
struct Criterion {
    code: String,
    items: Vec<String>,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/documents")
}

fn checklist(code: &str) -> Vec<String> {
    let fw = framework::builtin().into_iter().find(|f| f.id == framework::DEFAULT_FRAMEWORK_ID).unwrap();
    fw.criteria.into_iter().find(|c| c.code == code).unwrap().checklist
}

fn compare(name: &str, d: &Doc, code: &str, want: &[String], a: &Analysis, failures: &mut Vec<String>) {
    for (i, (w, got)) in want.iter().zip(&a.items).enumerate() {
        let ok = match w.as_str() {
            "?" => got.found.is_none(),
            "no" => got.found == Some(false),
            p => got.found == Some(true) && got.page == p.strip_prefix('p').and_then(|n| n.parse().ok()) && got.quote.is_some(),
        };
        if !ok {
            failures.push(format!("{name} {code} item {i} ({}): expected {w}, got {:?} page {:?} quote {:?}", got.label, got.found, got.page, got.quote));
        }
    }
    if want.len() != a.items.len() {
        failures.push(format!("{name} {code}: {} items, expected {}", a.items.len(), want.len()));
    }
    let _ = d;
}

#[test]
fn every_fixture_reads_as_a_reviewer_reads_it() {
    let expected: Expected = toml::from_str(&std::fs::read_to_string(dir().join("expected.toml")).unwrap()).unwrap();
    let mut failures = Vec::new();
    let mut files = 0;
    for d in &expected.document {
        for ext in &d.formats {
            let name = format!("{}.{ext}", d.name);
            let bytes = std::fs::read(dir().join(&name)).unwrap_or_else(|e| panic!("{name}: {e}"));
            files += 1;
            let plain = analyse(&bytes, None).unwrap_or_else(|e| panic!("{name}: {e}"));
            let kind = match d.kind.as_deref().unwrap_or(ext) {
                "pdf" => Kind::Pdf,
                "docx" => Kind::Docx,
                "odt" => Kind::Odt,
                _ => Kind::Image,
            };
            if (plain.kind, plain.pages, plain.text_layer) != (kind, d.pages, d.text_layer) {
                failures.push(format!("{name}: {:?}, {} pages, text layer {} (expected {kind:?}, {}, {})", plain.kind, plain.pages, plain.text_layer, d.pages, d.text_layer));
            }
            assert!(plain.items.is_empty(), "{name}: items without a criterion");
            let m = &plain.meta;
            for (field, got, want) in [
                ("number", &m.number, &d.meta.number),
                ("date", &m.date, &d.meta.date),
                ("issuer", &m.issuer, &d.meta.issuer),
                ("title", &m.title, &d.meta.title),
            ] {
                if got != want {
                    failures.push(format!("{name}: {field} {got:?}, expected {want:?}"));
                }
            }
            for c in &d.criteria {
                let list = checklist(&c.code);
                let a = analyse(&bytes, Some((&c.code, &list))).unwrap();
                compare(&name, d, &c.code, &c.items, &a, &mut failures);
            }
        }
    }
    assert!(files >= 20, "only {files} fixture files");
    assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
}

/// A zip whose one XML part inflates far past its packed size (and past the XML limit).
fn bomb(name: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let deflate = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (n, b) in extra {
            z.start_file(*n, zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)).unwrap();
            z.write_all(b).unwrap();
        }
        z.start_file(name, deflate).unwrap();
        z.write_all(b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>").unwrap();
        let chunk = vec![b'a'; 1024 * 1024];
        for _ in 0..(limits::MAX_XML_BYTES / chunk.len() as u64 + 2) {
            z.write_all(&chunk).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

#[test]
fn a_zip_bomb_is_refused_before_it_is_inflated_whole() {
    for (part, extra) in [
        ("word/document.xml", vec![]),
        ("content.xml", vec![("mimetype", &b"application/vnd.oasis.opendocument.text"[..])]),
    ] {
        let bytes = bomb(part, &extra);
        assert!(bytes.len() < 1024 * 1024, "the bomb is small packed ({} bytes)", bytes.len());
        let e = extract(&bytes).expect_err("refused");
        assert_eq!(e.code(), "document_unreadable");
        assert!(e.user_message().contains("giải nén ra quá lớn"), "{}", e.user_message());
    }
}

#[test]
fn corrupt_files_are_refused_with_a_vietnamese_message() {
    let pdf = std::fs::read(dir().join("quy-che-day-du.pdf")).unwrap();
    let docx = std::fs::read(dir().join("quy-che-day-du.docx")).unwrap();
    for (what, bytes) in [
        ("truncated PDF", pdf[..pdf.len() / 3].to_vec()),
        ("PDF header only", b"%PDF-1.7\n garbage".to_vec()),
        ("truncated DOCX", docx[..docx.len() / 2].to_vec()),
        ("plain text", "Quy chế quản lý".as_bytes().to_vec()),
    ] {
        let e = extract(&bytes).expect_err(what);
        assert_eq!(e.code(), "document_unreadable", "{what}");
        assert!(e.user_message().starts_with("Không đọc được tài liệu:"), "{what}: {}", e.user_message());
    }
}

#[test]
fn page_breaks_of_every_kind_count_once() {
    // An explicit break followed by the rendered break Word writes after it is one new page.
    let xml = r#"<w:document xmlns:w="w"><w:body>
        <w:p><w:r><w:t>Trang một</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>
        <w:p><w:r><w:lastRenderedPageBreak/><w:t>Trang hai</w:t></w:r></w:p>
        <w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>Trang ba</w:t></w:r></w:p>
        <w:p><w:r><w:t>Vẫn trang ba</w:t><w:br/><w:t>cùng dòng</w:t></w:r></w:p>
        </w:body></w:document>"#;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        z.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(xml.as_bytes()).unwrap();
        z.finish().unwrap();
    }
    let doc = extract(&out.into_inner()).unwrap();
    let pages: Vec<String> = doc.pages.iter().map(|p| p.text()).collect();
    assert_eq!(pages, vec!["Trang một", "Trang hai", "Trang ba\nVẫn trang ba cùng dòng"]);
}

#[test]
fn text_is_nfc() {
    // "Quy chế" with a decomposed "ế" (e + circumflex + acute) reads composed.
    let decomposed = "Quy che\u{302}\u{301} qua\u{309}n ly\u{301}";
    let xml = format!(r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>{decomposed}</w:t></w:r></w:p></w:body></w:document>"#);
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        z.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
        z.write_all(xml.as_bytes()).unwrap();
        z.finish().unwrap();
    }
    let doc = extract(&out.into_inner()).unwrap();
    assert_eq!(doc.pages[0].passages[0].text, "Quy chế quản lý");
}
