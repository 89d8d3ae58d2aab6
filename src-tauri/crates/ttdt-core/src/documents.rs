//! The document assistant: where an uploaded document holds each checklist item of a manual
//! criterion (page, quote), and the facts of its header. Reading is `ttdt-documents` (pure);
//! this module finds the bytes and the checklist.

use ttdt_model::framework;

pub use ttdt_documents::{Analysis, ItemFinding, Kind, Meta};

use crate::{Error, Result, Store};
use ttdt_model::domain::ChecklistAnswer;
use ttdt_store::ChecklistSuggestion;

/// The text of one page, for a viewer beside the findings.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct PageText {
    #[ts(type = "number")]
    pub number: u32,
    pub text: String,
    /// Whether the page has a text layer (a scanned page has none).
    pub text_layer: bool,
}

/// The checklist of a criterion in a shipped framework (the default one unless named).
pub fn builtin_checklist(framework_id: Option<&str>, code: &str) -> Result<Vec<String>> {
    let id = framework_id.unwrap_or(framework::DEFAULT_FRAMEWORK_ID);
    let fw = framework::builtin()
        .into_iter()
        .find(|f| f.id.eq_ignore_ascii_case(id))
        .ok_or_else(|| Error::NotFound { entity: "framework", key: id.to_string() })?;
    let code = ttdt_model::text::normalize_code(code).to_uppercase();
    fw.criteria
        .into_iter()
        .find(|c| c.code == code)
        .map(|c| c.checklist)
        .ok_or_else(|| unknown_criterion(&code))
}

fn unknown_criterion(code: &str) -> Error {
    Error::invalid("criterion", format!("unknown criterion {code}"), format!("Bộ tiêu chí không có tiêu chí “{code}”."))
}

/// Reads a document's bytes, and finds the checklist items of `criterion` (a shipped framework's).
pub fn analyse_bytes(bytes: &[u8], criterion: Option<&str>, framework_id: Option<&str>) -> Result<Analysis> {
    match criterion {
        Some(code) => {
            let checklist = builtin_checklist(framework_id, code)?;
            ttdt_documents::analyse(bytes, Some((&ttdt_model::text::normalize_code(code).to_uppercase(), &checklist)))
        }
        None => ttdt_documents::analyse(bytes, None),
    }
}

fn attachment_bytes(store: &Store, attachment_id: i64) -> Result<Vec<u8>> {
    let path = store.attachment_file(attachment_id)?;
    std::fs::read(&path).map_err(|e| Error::io(&path, &e))
}

/// A stored document analysed against the checklist of the criterion it is attached to, as the
/// campaign's copy of the framework words it.
pub fn analyse_attachment(store: &Store, attachment_id: i64) -> Result<Analysis> {
    let attachment = store.attachment(attachment_id)?;
    let campaign = store.attachment_campaign(attachment_id)?;
    let fw = store.campaign_framework(campaign)?;
    let criterion = fw
        .criteria
        .into_iter()
        .find(|c| c.code == attachment.criterion_code)
        .ok_or_else(|| unknown_criterion(&attachment.criterion_code))?;
    let bytes = attachment_bytes(store, attachment_id)?;
    ttdt_documents::analyse(&bytes, Some((&criterion.code, &criterion.checklist)))
}

/// The pages of a stored document as text, for a viewer.
pub fn attachment_pages(store: &Store, attachment_id: i64) -> Result<Vec<PageText>> {
    let doc = ttdt_documents::extract(&attachment_bytes(store, attachment_id)?)?;
    Ok(doc.pages.iter().map(|p| PageText { number: p.number, text: p.text(), text_layer: p.text_layer }).collect())
}

/// Records the reviewer's answer on checklist item `index` of a stored document: the suggestion
/// is read again from the document here, so the trail holds what the assistant finds, not what
/// a caller claims it found.
pub fn answer_checklist_item(store: &mut Store, attachment_id: i64, index: u32, present: bool) -> Result<ChecklistAnswer> {
    let analysis = analyse_attachment(store, attachment_id)?;
    let finding = analysis.items.get(index as usize);
    let suggestion = ChecklistSuggestion {
        found: finding.and_then(|f| f.found),
        page: finding.and_then(|f| f.page),
        quote: finding.and_then(|f| f.quote.clone()),
    };
    store.answer_checklist_item(attachment_id, index as usize, &suggestion, present)
}

/// A stored picture as a `data:` address, for the viewer (the window may show `data:` images only).
pub fn attachment_image(store: &Store, attachment_id: i64) -> Result<String> {
    use base64::Engine as _;
    let a = store.attachment(attachment_id)?;
    if !a.media_type.starts_with("image/") {
        return Err(Error::invalid(
            "attachment",
            format!("{} is not an image", a.media_type),
            format!("Tài liệu “{}” không phải là ảnh.", a.original_name),
        ));
    }
    let bytes = attachment_bytes(store, attachment_id)?;
    Ok(format!("data:{};base64,{}", a.media_type, base64::engine::general_purpose::STANDARD.encode(bytes)))
}
