//! Reading a 60-page PDF printed by Chromium (tests/fixtures/documents/bench-60-trang.pdf, made
//! by `scripts/make-document-fixtures.py --bench`) and finding QL.01's checklist in it.
//! Target: under 2 s. Run: `cargo bench -p ttdt-documents --bench extract`.

use std::time::Instant;

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/fixtures/documents/bench-60-trang.pdf");
    let bytes = std::fs::read(&path).expect("the 60-page fixture");
    let checklist: Vec<String> = ["Quy chế quản lý, vận hành, cung cấp thông tin", "Quy trình xử lý sự cố", "Quy trình tiếp nhận, xử lý thông tin vi phạm"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut times = Vec::new();
    let mut pages = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let doc = ttdt_documents::extract(&bytes).expect("readable");
        let a = ttdt_documents::analyse_document(&doc, Some(("QL.01", &checklist)));
        times.push(t.elapsed().as_secs_f64());
        pages = a.pages;
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "document extraction: {pages} pages, {} KB: median {:.3} s, max {:.3} s (5 runs; target < 2 s)",
        bytes.len() / 1024,
        times[2],
        times[4]
    );
}
