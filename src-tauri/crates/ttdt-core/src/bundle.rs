//! Evaluation bundles: one `.ttdt` file that carries a campaign and the work on some of its sites
//! from one machine to another (a USB stick, e-mail, a shared folder), merged on import as a set
//! union.
//!
//! The file is a zip: `manifest.json` (format and version, the campaign's identity, the
//! framework copy's hash, who exported it and when, and the SHA-256 and size of every other
//! entry), the rows as JSON (`campaign.json`, `framework.json`) and JSON lines (`sites.jsonl`,
//! `evaluations.jsonl`, `results.jsonl`, `attachments.jsonl`, `changes.jsonl`,
//! `assignments.jsonl`), and the documents under `documents/<sha256>`. Every entry is checked
//! against the manifest before anything is written; an entry that is missing, extra, changed or
//! cut short refuses the whole bundle.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{ZipArchive, ZipWriter};

use ttdt_model::error::{Error, Result};
use ttdt_store::{BundleData, BundleReport, Store};

/// The format's name in the manifest.
pub const FORMAT: &str = "ttdt-bundle";
/// The format version this build writes and reads.
pub const VERSION: u32 = 1;
/// The extension of bundle files.
pub const EXTENSION: &str = "ttdt";

/// Largest JSON part read, and largest bundle entry of any kind: bounds what a hostile file can
/// make this program allocate.
const MAX_PART_BYTES: u64 = 512 * 1024 * 1024;
const MAX_DOCUMENT_BYTES: u64 = 2048 * 1024 * 1024;
const MAX_ENTRIES: usize = 200_000;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub campaign: CampaignIdentity,
    pub framework_sha256: String,
    pub exported_by: String,
    pub exported_at: String,
    pub app_version: String,
    pub sites: usize,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CampaignIdentity {
    pub uid: String,
    pub name: String,
    pub year: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Part {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

fn sha256_hex(bytes: &[u8]) -> String {
    ttdt_model::text::hex(&Sha256::digest(bytes))
}

fn refused(reason: impl Into<String>, message_vi: impl Into<String>) -> Error {
    Error::bundle(reason, message_vi)
}

fn jsonl(rows: &[Value]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in rows {
        out.extend_from_slice(r.to_string().as_bytes());
        out.push(b'\n');
    }
    out
}

/// The bundle of a campaign with the sites `site_ids` (every site when empty), as bytes.
pub fn bundle_bytes(store: &Store, campaign_id: i64, site_ids: &[i64]) -> Result<Vec<u8>> {
    let data = store.bundle_data(campaign_id, site_ids)?;
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("campaign.json".into(), data.campaign.to_string().into_bytes()),
        ("framework.json".into(), data.framework.to_string().into_bytes()),
        ("sites.jsonl".into(), jsonl(&data.sites)),
        ("evaluations.jsonl".into(), jsonl(&data.evaluations)),
        ("results.jsonl".into(), jsonl(&data.results)),
        ("attachments.jsonl".into(), jsonl(&data.attachments)),
        ("changes.jsonl".into(), jsonl(&data.changes)),
        ("assignments.jsonl".into(), jsonl(&data.assignments)),
    ];
    for sha in data.document_hashes() {
        let path = store.attachments_dir().join(&sha[..2]).join(&sha);
        let bytes = std::fs::read(&path).map_err(|e| Error::Io { path: path.clone(), detail: e.to_string() })?;
        if sha256_hex(&bytes) != sha {
            return Err(Error::Io { path, detail: "document content does not match its hash".into() });
        }
        parts.push((format!("documents/{sha}"), bytes));
    }
    let campaign = store.campaign(campaign_id)?;
    let manifest = Manifest {
        format: FORMAT.into(),
        version: VERSION,
        campaign: CampaignIdentity { uid: data.campaign_uid().to_string(), name: campaign.name.clone(), year: i64::from(campaign.year) },
        framework_sha256: data.framework_hash(),
        exported_by: store.actor().to_string(),
        exported_at: store.clock().stamp(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        sites: data.sites.len(),
        parts: parts.iter().map(|(path, bytes)| Part { path: path.clone(), sha256: sha256_hex(bytes), size: bytes.len() as u64 }).collect(),
    };
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let werr = |e: zip::result::ZipError| Error::Internal(format!("bundle zip: {e}"));
    zip.start_file("manifest.json", options).map_err(werr)?;
    zip.write_all(serde_json::to_string_pretty(&manifest).unwrap_or_default().as_bytes())
        .map_err(|e| Error::Internal(format!("bundle zip: {e}")))?;
    for (path, bytes) in &parts {
        zip.start_file(path.as_str(), options).map_err(werr)?;
        zip.write_all(bytes).map_err(|e| Error::Internal(format!("bundle zip: {e}")))?;
    }
    Ok(zip.finish().map_err(werr)?.into_inner())
}

/// Writes the bundle to `path`, whole or not at all.
pub fn save_bundle(store: &Store, campaign_id: i64, site_ids: &[i64], path: &Path) -> Result<PathBuf> {
    let bytes = bundle_bytes(store, campaign_id, site_ids)?;
    ttdt_store::files::write_atomic(path, &bytes)?;
    Ok(path.to_path_buf())
}

/// Writes the bundle to a chosen file, or into a folder under its default name; returns the file.
pub fn save_bundle_to(store: &Store, campaign_id: i64, site_ids: &[i64], to: &ttdt_store::files::Destination) -> Result<PathBuf> {
    save_bundle(store, campaign_id, site_ids, &to.path(&bundle_name(store, campaign_id)?))
}

/// The default file name of a campaign's bundle.
pub fn bundle_name(store: &Store, campaign_id: i64) -> Result<String> {
    let c = store.campaign(campaign_id)?;
    let who = store.reviewer()?.map(|r| r.name).unwrap_or_default();
    let name: String = format!("goi-{}-{}-{}", c.name, c.year, who)
        .chars()
        .map(|ch| if ch.is_alphanumeric() || ch == '-' { ch } else { '-' })
        .collect();
    Ok(format!("{}.{EXTENSION}", name.trim_matches('-')))
}

/// A bundle read and checked: its manifest, its rows and the zip its documents are read from.
pub struct Bundle {
    pub manifest: Manifest,
    pub data: BundleData,
    bytes: Vec<u8>,
}

fn read_entry(zip: &mut ZipArchive<Cursor<&[u8]>>, name: &str, limit: u64) -> Result<Vec<u8>> {
    let damaged = || refused(format!("entry {name} unreadable"), "tệp bị hỏng hoặc không đầy đủ.");
    let entry = zip.by_name(name).map_err(|_| refused(format!("entry {name} missing"), format!("tệp thiếu phần {name}.")))?;
    if entry.size() > limit {
        return Err(refused(format!("entry {name} too large"), format!("phần {name} quá lớn.")));
    }
    let mut out = Vec::with_capacity(entry.size() as usize);
    entry.take(limit + 1).read_to_end(&mut out).map_err(|_| damaged())?;
    Ok(out)
}

fn parse_lines(bytes: &[u8], name: &str) -> Result<Vec<Value>> {
    let text = std::str::from_utf8(bytes).map_err(|_| refused(format!("{name} not UTF-8"), format!("phần {name} không đúng định dạng.")))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(|_| refused(format!("{name} not JSON lines"), format!("phần {name} không đúng định dạng."))))
        .collect()
}

/// Reads a bundle and checks every entry against its manifest. Nothing is written.
pub fn read_bundle(bytes: Vec<u8>) -> Result<Bundle> {
    let not_bundle = || refused("not a bundle", "tệp không phải là gói công việc của TTĐT Workbench (.ttdt) hoặc đã bị hỏng.");
    let (manifest, data) = {
        let mut zip = ZipArchive::new(Cursor::new(bytes.as_slice())).map_err(|_| not_bundle())?;
        if zip.len() > MAX_ENTRIES {
            return Err(refused("too many entries", "tệp có quá nhiều phần."));
        }
        let manifest: Manifest = serde_json::from_slice(&read_entry(&mut zip, "manifest.json", MAX_PART_BYTES).map_err(|_| not_bundle())?)
            .map_err(|_| not_bundle())?;
        if manifest.format != FORMAT {
            return Err(not_bundle());
        }
        if manifest.version > VERSION {
            return Err(refused(
                format!("bundle version {} is newer than {VERSION}", manifest.version),
                "gói được tạo bởi phiên bản TTĐT Workbench mới hơn; hãy cập nhật chương trình.",
            ));
        }
        // Every entry is listed once, and every listed entry is there with its content.
        let listed: BTreeMap<&str, &Part> = manifest.parts.iter().map(|p| (p.path.as_str(), p)).collect();
        for i in 0..zip.len() {
            let name = zip.by_index_raw(i).map_err(|_| not_bundle())?.name().map_err(|_| not_bundle())?.to_string();
            if name != "manifest.json" && !listed.contains_key(name.as_str()) {
                return Err(refused(format!("entry {name} not in the manifest"), format!("tệp có phần lạ không ghi trong danh mục ({name}).")));
            }
        }
        let mut parts: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for part in &manifest.parts {
            let is_document = part.path.starts_with("documents/");
            let limit = if is_document { MAX_DOCUMENT_BYTES } else { MAX_PART_BYTES };
            let content = read_entry(&mut zip, &part.path, limit)?;
            if content.len() as u64 != part.size || sha256_hex(&content) != part.sha256 {
                return Err(refused(
                    format!("entry {} does not match the manifest", part.path),
                    format!("phần {} đã bị thay đổi hoặc bị cắt (mã băm không khớp).", part.path),
                ));
            }
            if is_document {
                if part.path.trim_start_matches("documents/") != part.sha256 {
                    return Err(refused(format!("document {} misnamed", part.path), "một tài liệu trong gói không khớp với tên của nó."));
                }
            } else {
                parts.insert(part.path.clone(), content);
            }
        }
        let json = |name: &str| -> Result<Value> {
            let bytes = parts.get(name).ok_or_else(|| refused(format!("{name} missing"), format!("tệp thiếu phần {name}.")))?;
            serde_json::from_slice(bytes).map_err(|_| refused(format!("{name} not JSON"), format!("phần {name} không đúng định dạng.")))
        };
        let lines = |name: &str| -> Result<Vec<Value>> {
            let bytes = parts.get(name).ok_or_else(|| refused(format!("{name} missing"), format!("tệp thiếu phần {name}.")))?;
            parse_lines(bytes, name)
        };
        let data = BundleData {
            campaign: json("campaign.json")?,
            framework: json("framework.json")?,
            sites: lines("sites.jsonl")?,
            evaluations: lines("evaluations.jsonl")?,
            results: lines("results.jsonl")?,
            attachments: lines("attachments.jsonl")?,
            changes: lines("changes.jsonl")?,
            assignments: lines("assignments.jsonl")?,
        };
        if data.campaign_uid() != manifest.campaign.uid || data.framework_hash() != manifest.framework_sha256 {
            return Err(refused("manifest does not match the rows", "danh mục của gói không khớp với nội dung."));
        }
        for sha in data.document_hashes() {
            if !listed.contains_key(format!("documents/{sha}").as_str()) {
                return Err(refused(format!("document {sha} missing"), "gói thiếu một tài liệu đính kèm."));
            }
        }
        (manifest, data)
    };
    Ok(Bundle { manifest, data, bytes })
}

impl Bundle {
    /// A document's bytes by SHA-256 (checked again as it is read).
    pub fn document(&self, sha: &str) -> Result<Vec<u8>> {
        let mut zip = ZipArchive::new(Cursor::new(self.bytes.as_slice())).map_err(|_| refused("zip unreadable", "tệp bị hỏng."))?;
        let bytes = read_entry(&mut zip, &format!("documents/{sha}"), MAX_DOCUMENT_BYTES)?;
        if sha256_hex(&bytes) != sha {
            return Err(refused(format!("document {sha} changed"), "một tài liệu trong gói đã bị thay đổi."));
        }
        Ok(bytes)
    }
}

/// Reads, checks and merges a bundle file into the database (or, with `dry_run`, says what it
/// would add). A refused bundle changes nothing.
pub fn import_bundle_file(store: &mut Store, path: &Path, dry_run: bool) -> Result<BundleReport> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io { path: path.to_path_buf(), detail: e.to_string() })?;
    import_bundle_bytes(store, bytes, dry_run)
}

pub fn import_bundle_bytes(store: &mut Store, bytes: Vec<u8>, dry_run: bool) -> Result<BundleReport> {
    let bundle = read_bundle(bytes)?;
    store.import_bundle(&bundle.data, &|sha| bundle.document(sha), dry_run)
}
