//! What a campaign's exported documents carry (columns `issuer`, `place`, `signatories` of
//! `campaign`, migration 7), and the letterhead every export is written with.

use rusqlite::{params, OptionalExtension};

use super::{log_change, Change, Store};
use ttdt_model::campaign_scores::{ExportVersions, Letterhead};
use ttdt_model::domain::{CampaignDocument, Signatory};
use ttdt_model::error::{Error, Result};

/// At most this many people sign a document: a signature block wider than a page is unreadable.
pub const MAX_SIGNATORIES: usize = 4;
const MAX_ISSUER_CHARS: usize = 200;
const MAX_PLACE_CHARS: usize = 100;
const MAX_SIGNATORY_CHARS: usize = 100;

/// A text as printed on one line: invisible characters dropped, NFC, runs of spaces as one.
fn one_line(text: &str) -> String {
    ttdt_model::text::visible_text(&text.replace(['\n', '\r', '\t'], " ")).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The settings cleaned, or why they are refused (in Vietnamese).
fn checked(doc: &CampaignDocument) -> Result<CampaignDocument> {
    let issuer = one_line(&doc.issuer);
    if issuer.chars().count() > MAX_ISSUER_CHARS {
        return Err(Error::invalid("issuer", "too long", format!("Tên cơ quan ban hành dài quá {MAX_ISSUER_CHARS} ký tự.")));
    }
    let place = one_line(&doc.place);
    if place.chars().count() > MAX_PLACE_CHARS {
        return Err(Error::invalid("place", "too long", format!("Địa danh dài quá {MAX_PLACE_CHARS} ký tự.")));
    }
    if doc.signatories.len() > MAX_SIGNATORIES {
        return Err(Error::invalid(
            "signatories",
            format!("{} signatories", doc.signatories.len()),
            format!("Văn bản có tối đa {MAX_SIGNATORIES} người ký."),
        ));
    }
    let mut signatories = Vec::new();
    for (i, s) in doc.signatories.iter().enumerate() {
        let (title, name) = (one_line(&s.title), one_line(&s.name));
        if title.is_empty() {
            return Err(Error::invalid("signatories", "empty title", format!("Người ký thứ {} chưa có chức danh.", i + 1)));
        }
        if title.chars().count() > MAX_SIGNATORY_CHARS || name.chars().count() > MAX_SIGNATORY_CHARS {
            return Err(Error::invalid(
                "signatories",
                "too long",
                format!("Chức danh và họ tên người ký thứ {} dài quá {MAX_SIGNATORY_CHARS} ký tự.", i + 1),
            ));
        }
        signatories.push(Signatory { title, name });
    }
    Ok(CampaignDocument { issuer, place, signatories })
}

fn signatories_json(list: &[Signatory]) -> String {
    serde_json::to_string(list).unwrap_or_else(|_| "[]".into())
}

impl Store {
    /// The issuer, place and signatories a campaign's documents carry.
    pub fn campaign_document(&self, campaign_id: i64) -> Result<CampaignDocument> {
        let (issuer, place, signatories): (String, String, String) = self
            .conn
            .query_row("SELECT issuer, place, signatories FROM campaign WHERE id = ?1", [campaign_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .ok_or_else(|| Error::NotFound { entity: "campaign", key: campaign_id.to_string() })?;
        Ok(CampaignDocument { issuer, place, signatories: serde_json::from_str(&signatories).unwrap_or_default() })
    }

    /// Sets what a campaign's documents carry, whole; each changed field is logged. A refused
    /// setting changes nothing.
    pub fn set_campaign_document(&mut self, campaign_id: i64, doc: &CampaignDocument) -> Result<CampaignDocument> {
        let new = checked(doc)?;
        let old = self.campaign_document(campaign_id)?;
        let tx = crate::write_tx(&mut self.conn)?;
        tx.execute(
            "UPDATE campaign SET issuer = ?1, place = ?2, signatories = ?3 WHERE id = ?4",
            params![new.issuer, new.place, signatories_json(&new.signatories), campaign_id],
        )?;
        let now = self.clock.stamp();
        let fields: [(&'static str, String, String); 3] = [
            ("issuer", old.issuer.clone(), new.issuer.clone()),
            ("place", old.place.clone(), new.place.clone()),
            ("signatories", signatories_json(&old.signatories), signatories_json(&new.signatories)),
        ];
        for (field, before, after) in fields {
            if before != after {
                log_change(&tx, &now, &self.actor, Change::new("campaign", campaign_id, field).before(Some(before)).after(Some(after)))?;
            }
        }
        tx.commit()?;
        Ok(new)
    }

    /// The letterhead of a campaign's exported documents, dated now (Vietnam time): the issuer and
    /// place given here (the command line's flags), else the campaign's, else the reviewer's unit
    /// and a blank place to fill by hand. The application's and the checks' versions are left for
    /// the caller, which knows them.
    pub fn letterhead(&self, campaign_id: i64, issuer: Option<&str>, place: Option<&str>) -> Result<Letterhead> {
        let doc = self.campaign_document(campaign_id)?;
        let reviewer = self.reviewer()?;
        let given = |v: Option<&str>| v.map(one_line).filter(|s| !s.is_empty());
        let issuer = given(issuer)
            .or_else(|| Some(doc.issuer.clone()).filter(|s| !s.is_empty()))
            .or_else(|| reviewer.as_ref().map(|r| r.unit.clone()).filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "Đoàn đánh giá".to_string());
        let place = given(place).or_else(|| Some(doc.place.clone()).filter(|s| !s.is_empty())).unwrap_or_default();
        let (framework_id, framework_version): (String, Option<String>) = self.conn.query_row(
            "SELECT framework_id, framework_version FROM campaign WHERE id = ?1",
            [campaign_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let now = self.clock().now().to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC));
        Ok(Letterhead {
            issuer,
            place,
            date: (now.day(), u8::from(now.month()), now.year()),
            reviewer: reviewer.map(|r| r.name).unwrap_or_default(),
            signatories: doc.signatories,
            exported_at: format!("{:02}/{:02}/{} {:02}:{:02}", now.day(), u8::from(now.month()), now.year(), now.hour(), now.minute()),
            versions: ExportVersions { framework_id, framework_version: framework_version.unwrap_or_default(), ..Default::default() },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ttdt_model::domain::NewCampaign;

    fn store() -> (tempfile::TempDir, Store, i64) {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(dir.path().join("x.db")).unwrap();
        let c = store.create_campaign(&NewCampaign { name: "Đánh giá 2026".into(), year: 2026, framework_id: "TT22-ND224-2026".into() }).unwrap();
        (dir, store, c.id)
    }

    fn signatory(title: &str, name: &str) -> Signatory {
        Signatory { title: title.into(), name: name.into() }
    }

    #[test]
    fn document_settings_are_kept_cleaned_logged_and_used_by_the_letterhead() {
        let (_dir, mut store, id) = store();
        assert_eq!(store.campaign_document(id).unwrap(), CampaignDocument::default());
        let doc = CampaignDocument {
            issuer: "  Sở Thông tin\u{200B} và Truyền thông  ".into(),
            place: "Sơn\nHà".into(),
            signatories: vec![signatory("TRƯỞNG ĐOÀN", "Nguyễn Văn A"), signatory("NGƯỜI LẬP", "")],
        };
        let saved = store.set_campaign_document(id, &doc).unwrap();
        assert_eq!(saved.issuer, "Sở Thông tin và Truyền thông");
        assert_eq!(saved.place, "Sơn Hà");
        assert_eq!(store.campaign_document(id).unwrap(), saved);
        let logged: Vec<String> = store.changes_of("campaign", &id.to_string()).unwrap().into_iter().map(|c| c.field).collect();
        assert!(["issuer", "place", "signatories"].iter().all(|f| logged.iter().any(|l| l == f)), "{logged:?}");

        let head = store.letterhead(id, None, None).unwrap();
        assert_eq!((head.issuer.as_str(), head.place.as_str()), ("Sở Thông tin và Truyền thông", "Sơn Hà"));
        assert_eq!(head.signatories, saved.signatories);
        assert_eq!(head.versions.framework_id, "TT22-ND224-2026");
        // The command line's flags still win.
        let head = store.letterhead(id, Some("Cục Chuyển đổi số quốc gia"), Some("Hà Nội")).unwrap();
        assert_eq!((head.issuer.as_str(), head.place.as_str()), ("Cục Chuyển đổi số quốc gia", "Hà Nội"));

        // Setting the same again logs nothing more.
        let before = store.changes_of("campaign", &id.to_string()).unwrap().len();
        store.set_campaign_document(id, &saved).unwrap();
        assert_eq!(store.changes_of("campaign", &id.to_string()).unwrap().len(), before);
    }

    #[test]
    fn a_refused_setting_changes_nothing() {
        let (_dir, mut store, id) = store();
        let good = CampaignDocument { issuer: "UBND tỉnh Sơn Hà".into(), place: "Sơn Hà".into(), signatories: vec![signatory("TRƯỞNG ĐOÀN", "Trần B")] };
        store.set_campaign_document(id, &good).unwrap();
        let logged = store.changes_of("campaign", &id.to_string()).unwrap().len();
        let bad = [
            (CampaignDocument { signatories: vec![signatory("  ", "Trần B")], ..good.clone() }, "chưa có chức danh"),
            (CampaignDocument { signatories: vec![signatory("A", ""); MAX_SIGNATORIES + 1], ..good.clone() }, "tối đa"),
            (CampaignDocument { issuer: "x".repeat(MAX_ISSUER_CHARS + 1), ..good.clone() }, "cơ quan ban hành"),
            (CampaignDocument { place: "x".repeat(MAX_PLACE_CHARS + 1), ..good.clone() }, "Địa danh"),
        ];
        for (doc, message) in bad {
            let e = store.set_campaign_document(id, &doc).unwrap_err();
            assert!(e.user_message().contains(message), "{}", e.user_message());
            assert_eq!(store.campaign_document(id).unwrap(), good);
        }
        assert_eq!(store.changes_of("campaign", &id.to_string()).unwrap().len(), logged);
        assert_eq!(store.set_campaign_document(999, &good).unwrap_err().code(), "not_found");
    }
}
