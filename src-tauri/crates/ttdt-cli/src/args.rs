//! Arguments several commands share: a site reference, outcomes and levels as typed on the
//! command line, and files to read.

use std::path::Path;

use clap::Args;
use ttdt_core::domain::{Level, Outcome, Site};
use ttdt_core::{import, Error, Store};

#[derive(Args)]
pub struct SiteRef {
    /// Site id, or its address together with --campaign.
    pub site: String,
    #[arg(long)]
    pub campaign: Option<String>,
}

impl SiteRef {
    /// The site: by id, or by address within `--campaign`.
    pub fn resolve(&self, store: &Store) -> Result<Site, Error> {
        match (&self.campaign, self.site.trim().parse::<i64>()) {
            (None, Ok(id)) => store.site(id),
            (Some(c), _) => {
                let c = store.find_campaign(c)?;
                store.find_site(c.id, &self.site)
            }
            (None, Err(_)) => Err(Error::Invalid {
                field: "site",
                reason: "site address without --campaign".into(),
                message_vi: "Hãy nêu mã số trang, hoặc địa chỉ trang kèm --campaign.".into(),
            }),
        }
    }
}

/// An outcome by its name or its Vietnamese short form (`dat`, `mot-phan`, `khong-dat`, `khong-ap-dung`).
pub fn parse_outcome(s: &str) -> Result<Outcome, Error> {
    let key = s.trim().to_lowercase();
    let o = Outcome::parse(&key).or(match key.as_str() {
        "dat" | "đạt" => Some(Outcome::Pass),
        "mot-phan" | "một-phần" => Some(Outcome::Partial),
        "khong-dat" | "không-đạt" => Some(Outcome::Fail),
        "khong-ap-dung" | "không-áp-dụng" => Some(Outcome::NotApplicable),
        _ => None,
    });
    o.ok_or_else(|| Error::Invalid {
        field: "outcome",
        reason: format!("unknown outcome {s:?}"),
        message_vi: format!("Kết quả “{s}” không hợp lệ. Chọn: pass (dat), partial (mot-phan), fail (khong-dat), not_applicable (khong-ap-dung)."),
    })
}

/// A level by its name or as people write it (`bo`, `cuc`, `tinh`, `so`, `xa`, “Sở, ban, ngành”…).
pub fn parse_level(s: &str) -> Result<Level, Error> {
    import::parse_level(s).ok_or_else(|| Error::Invalid {
        field: "level",
        reason: format!("unknown level {s:?}"),
        message_vi: format!(
            "Cấp “{s}” không hợp lệ. Chọn một trong: ministry (bo), ministry_unit (cuc), province (tinh), provincial_department (so), commune (xa)."
        ),
    })
}

/// The bytes of a file the user named.
pub fn read_file(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| cannot_read(path, e))
}

fn cannot_read(path: &Path, e: std::io::Error) -> Error {
    Error::Invalid {
        field: "file",
        reason: format!("cannot read {}: {e}", path.display()),
        message_vi: format!("Không đọc được tệp {}: {e}", path.display()),
    }
}

/// The length of a file the user named, from its metadata: checked against a limit before the
/// file is read.
pub fn file_len(path: &Path) -> Result<u64, Error> {
    std::fs::metadata(path).map(|m| m.len()).map_err(|e| cannot_read(path, e))
}

/// The bytes of a file the user named, at most `max + 1` of them: a file that grew past a limit
/// after its length was checked (or a device with no length) is still refused by the limit
/// without being read whole.
pub fn read_file_at_most(path: &Path, max: u64) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| cannot_read(path, e))?;
    let mut bytes = Vec::new();
    file.take(max.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| cannot_read(path, e))?;
    Ok(bytes)
}
