//! Errors of the core.
//!
//! Every error has a stable `code` the UI branches on, an English `Display` for logs,
//! and a Vietnamese `user_message` for people.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{path}: not an SQLite database ({detail})")]
    NotADatabase { path: PathBuf, detail: String },
    #[error("{path}: database is corrupt ({detail})")]
    Corrupt { path: PathBuf, detail: String },
    #[error("{path}: schema version {found} is newer than this build supports ({supported})")]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    #[error("{path}: cannot open database ({detail})")]
    CannotOpen { path: PathBuf, detail: String },
    #[error("database is busy or locked by another program")]
    Busy,
    #[error("database is read-only here: {0}")]
    ReadOnly(String),
    #[error("{path}: already open in another window of the app")]
    InUse { path: PathBuf },
    #[error("sqlite: {0}")]
    Database(String),
    #[error("invalid URL {input:?}: {reason}")]
    InvalidUrl { input: String, reason: UrlProblem },
    #[error("invalid {field}: {reason}")]
    Invalid { field: &'static str, reason: String, message_vi: String },
    #[error("site {url} already exists in campaign {campaign_id}")]
    DuplicateSite { url: String, campaign_id: i64 },
    #[error("campaign named {name:?} already exists for {year}")]
    DuplicateCampaign { name: String, year: i32 },
    #[error("{entity} {key} not found")]
    NotFound { entity: &'static str, key: String },
    #[error("framework {id}: {reason}")]
    Framework { id: String, reason: String },
    #[error("evaluation cannot be {}: {} criteria undecided", if *finalising { "finalised" } else { "submitted" }, codes.len())]
    Blocked { codes: Vec<String>, finalising: bool },
    #[error("demo server could not bind {addr}: {detail}")]
    DemoServer { addr: String, detail: String },
    #[error("scanner: {0}")]
    Scanner(String),
    #[error("{path}: {detail}")]
    Io { path: PathBuf, detail: String },
    #[error("cannot write the workbook: {0}")]
    Export(String),
    #[error("no browser to print with: {detail}")]
    NoBrowser { detail: String },
    #[error("cannot print the PDF: {0}")]
    Pdf(String),
    #[error("a scan is already running")]
    ScanRunning,
    #[error("nothing selected")]
    NothingSelected,
    #[error("{path}: cannot open with the system viewer ({detail})")]
    OpenFailed { path: PathBuf, detail: String },
    #[error("{url}: cannot open in the system browser ({detail})")]
    OpenLinkFailed { url: String, detail: String },
    #[error("internal error: {0}")]
    Internal(String),
    #[error("bundle refused: {reason}")]
    Bundle { reason: String, message_vi: String },
    #[error("document unreadable: {reason}")]
    Document { reason: String, message_vi: String },
}

/// Why a URL was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlProblem {
    Empty,
    Unparsable,
    Scheme,
    NoHost,
    Credentials,
    HasQuery,
}

impl std::fmt::Display for UrlProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = match self {
            UrlProblem::Empty => "empty",
            UrlProblem::Unparsable => "cannot be parsed",
            UrlProblem::Scheme => "scheme must be http or https",
            UrlProblem::NoHost => "no host name",
            UrlProblem::Credentials => "contains a user name or password",
            UrlProblem::HasQuery => "a site address must not carry a query string",
        };
        f.write_str(s)
    }
}

impl Error {
    /// Stable machine-readable code, e.g. for the UI and `--json` output.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotADatabase { .. } => "db_not_database",
            Error::Corrupt { .. } => "db_corrupt",
            Error::NewerSchema { .. } => "db_newer_schema",
            Error::CannotOpen { .. } => "db_cannot_open",
            Error::Busy => "db_busy",
            Error::ReadOnly(_) => "db_read_only",
            Error::Database(_) => "db_error",
            Error::InUse { .. } => "db_in_use",
            Error::InvalidUrl { .. } => "invalid_url",
            Error::Invalid { .. } => "invalid_input",
            Error::DuplicateSite { .. } => "duplicate_site",
            Error::DuplicateCampaign { .. } => "duplicate_campaign",
            Error::NotFound { .. } => "not_found",
            Error::Framework { .. } => "framework_error",
            Error::DemoServer { .. } => "demo_server",
            Error::Scanner(_) => "scanner",
            Error::Blocked { .. } => "evaluation_blocked",
            Error::Io { .. } => "io_error",
            Error::Export(_) => "export_failed",
            Error::NoBrowser { .. } => "no_browser",
            Error::Pdf(_) => "pdf_failed",
            Error::ScanRunning => "scan_running",
            Error::NothingSelected => "nothing_selected",
            Error::OpenFailed { .. } => "open_failed",
            Error::OpenLinkFailed { .. } => "open_link_failed",
            Error::Internal(_) => "internal",
            Error::Bundle { .. } => "bundle_refused",
            Error::Document { .. } => "document_unreadable",
        }
    }

    /// The message shown to a person, in Vietnamese.
    pub fn user_message(&self) -> String {
        match self {
            Error::NotADatabase { path, .. } => format!(
                "Tệp {} không phải là cơ sở dữ liệu của TTĐT Workbench. Tệp được giữ nguyên; hãy chọn tệp khác.",
                path.display()
            ),
            Error::Corrupt { path, .. } => format!(
                "Cơ sở dữ liệu {} bị hỏng. Tệp được giữ nguyên, không ghi đè; hãy khôi phục từ bản sao lưu.",
                path.display()
            ),
            Error::NewerSchema { path, found, supported } => format!(
                "Cơ sở dữ liệu {} được tạo bởi phiên bản mới hơn (lược đồ {found}, phiên bản này hỗ trợ đến {supported}). Hãy cập nhật TTĐT Workbench.",
                path.display()
            ),
            Error::CannotOpen { path, detail } => format!(
                "Không mở được cơ sở dữ liệu {} ({detail}).",
                path.display()
            ),
            Error::Busy => "Cơ sở dữ liệu đang bị chương trình khác khóa. Hãy thử lại sau giây lát.".into(),
            Error::ReadOnly(_) => "Cơ sở dữ liệu chỉ đọc được ở đây (tệp hoặc thư mục không cho phép ghi): xem được nhưng không lưu được thay đổi, và thay đổi này chưa được ghi. Hãy cấp quyền ghi cho tệp và thư mục chứa nó, hoặc chép tệp sang thư mục khác.".into(),
            Error::InUse { path } => format!(
                "Cơ sở dữ liệu {} đang được mở trong một cửa sổ TTĐT Workbench khác. Hãy làm việc trong cửa sổ đó, hoặc đóng nó rồi mở lại chương trình.",
                path.display()
            ),
            Error::Database(_) => "Lỗi cơ sở dữ liệu; thao tác không được ghi. Chi tiết có trong nhật ký.".into(),
            Error::InvalidUrl { input, reason } => {
                let why = match reason {
                    UrlProblem::Empty => "chưa nhập địa chỉ",
                    UrlProblem::Unparsable => "địa chỉ không đúng định dạng",
                    UrlProblem::Scheme => "chỉ chấp nhận http:// hoặc https://",
                    UrlProblem::NoHost => "thiếu tên miền",
                    UrlProblem::Credentials => "địa chỉ không được chứa tên đăng nhập hoặc mật khẩu",
                    UrlProblem::HasQuery => "địa chỉ trang không được có tham số truy vấn (?…)",
                };
                format!("Địa chỉ “{input}” không hợp lệ: {why}.")
            }
            Error::Invalid { message_vi, .. } => message_vi.clone(),
            Error::DuplicateSite { url, .. } => {
                format!("Trang {url} đã có trong chiến dịch này.")
            }
            Error::DuplicateCampaign { name, year } => {
                format!("Đã có chiến dịch “{name}” năm {year}.")
            }
            Error::NotFound { entity, key } => {
                let what = match *entity {
                    "campaign" => "chiến dịch",
                    "site" => "trang",
                    "framework" => "bộ tiêu chí",
                    "evaluation" => "phiếu đánh giá",
                    _ => "mục",
                };
                format!("Không tìm thấy {what} “{key}”.")
            }
            Error::Framework { id, reason } => format!("Bộ tiêu chí {id} không hợp lệ: {reason}"),
            Error::Blocked { codes, finalising } => format!(
                "{}: {} tiêu chí chưa có kết quả cuối cùng ({}).",
                if *finalising { "Chưa chốt được" } else { "Chưa nộp được" },
                codes.len(),
                codes.join(", ")
            ),
            Error::DemoServer { addr, .. } => format!(
                "Không khởi động được máy chủ trang mẫu tại {addr}: cổng đang được dùng."
            ),
            Error::Scanner(_) => "Không khởi tạo được bộ kiểm tra tự động (kết nối mạng, TLS).".to_string(),
            Error::Io { path, .. } => format!(
                "Không ghi hoặc đọc được tệp {} (ổ đĩa đầy, không có quyền hoặc thư mục không tồn tại).",
                path.display()
            ),
            Error::Export(_) => "Không tạo được tệp Excel; chưa có tệp nào được ghi.".into(),
            Error::NoBrowser { .. } => "Không tìm thấy trình duyệt Chromium, Google Chrome hoặc Microsoft Edge để tạo tệp PDF. Hãy cài một trong các trình duyệt này, hoặc đặt biến môi trường TTDT_CHROME là đường dẫn tới tệp chạy của trình duyệt. Chưa có tệp nào được ghi.".into(),
            Error::Pdf(_) => "Không tạo được tệp PDF: trình duyệt không khởi động được hoặc không in được báo cáo. Chưa có tệp nào được ghi; chi tiết có trong nhật ký.".into(),
            Error::ScanRunning => "Đang có một lượt kiểm tra tự động; hãy chờ xong hoặc hủy lượt đó.".into(),
            Error::NothingSelected => "Chưa chọn trang nào.".into(),
            Error::OpenFailed { path, .. } => format!(
                "Không mở được tệp {}: máy chưa có chương trình xem loại tệp này.",
                path.display()
            ),
            Error::OpenLinkFailed { url, .. } => format!(
                "Không mở được địa chỉ {url}: máy chưa có trình duyệt web mặc định. Hãy chép địa chỉ và mở bằng trình duyệt."
            ),
            Error::Internal(_) => "Lỗi nội bộ của chương trình; chi tiết có trong nhật ký.".into(),
            Error::Bundle { message_vi, .. } => format!("Không nhập được gói công việc: {message_vi} Cơ sở dữ liệu được giữ nguyên."),
            Error::Document { message_vi, .. } => format!("Không đọc được tài liệu: {message_vi}"),
        }
    }

    pub fn bundle(reason: impl Into<String>, message_vi: impl Into<String>) -> Self {
        Error::Bundle { reason: reason.into(), message_vi: message_vi.into() }
    }

    pub fn invalid(field: &'static str, reason: impl Into<String>, message_vi: impl Into<String>) -> Self {
        Error::Invalid { field, reason: reason.into(), message_vi: message_vi.into() }
    }
}

#[cfg(feature = "sqlite")]
impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        match e.sqlite_error_code() {
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Error::Busy,
            Some(ErrorCode::ReadOnly) => Error::ReadOnly(e.to_string()),
            _ => Error::Database(e.to_string()),
        }
    }
}

impl Error {
    /// A file that could not be written or read.
    pub fn io(path: &std::path::Path, e: &std::io::Error) -> Self {
        Error::Io { path: path.to_path_buf(), detail: e.to_string() }
    }

    /// Every code `code()` can return: the UI may branch on these and no others.
    pub const CODES: &'static [&'static str] = &[
        "db_not_database",
        "db_corrupt",
        "db_newer_schema",
        "db_cannot_open",
        "db_busy",
        "db_read_only",
        "db_error",
        "db_in_use",
        "invalid_url",
        "invalid_input",
        "duplicate_site",
        "duplicate_campaign",
        "not_found",
        "framework_error",
        "demo_server",
        "scanner",
        "evaluation_blocked",
        "io_error",
        "export_failed",
        "no_browser",
        "pdf_failed",
        "scan_running",
        "nothing_selected",
        "open_failed",
        "open_link_failed",
        "internal",
        "bundle_refused",
        "document_unreadable",
    ];
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error as the UI receives it: a stable code to branch on and a Vietnamese message to show.
///
/// It is made only from an [`Error`] (the fields are private), so its code is always one of
/// [`Error::CODES`].
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct UserError {
    code: String,
    message: String,
}

impl UserError {
    pub fn code(&self) -> &str {
        &self.code
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl From<&Error> for UserError {
    fn from(e: &Error) -> Self {
        UserError { code: e.code().to_string(), message: e.user_message() }
    }
}

impl From<Error> for UserError {
    fn from(e: Error) -> Self {
        UserError::from(&e)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    use super::*;

    /// One error of each variant. The match below stops compiling when a variant is added, so
    /// the list (and `Error::CODES`) cannot silently fall behind.
    fn one_of_each() -> Vec<Error> {
        let path = PathBuf::from("/tmp/x.db");
        let all = vec![
            Error::NotADatabase { path: path.clone(), detail: "d".into() },
            Error::Corrupt { path: path.clone(), detail: "d".into() },
            Error::NewerSchema { path: path.clone(), found: 9, supported: 4 },
            Error::CannotOpen { path: path.clone(), detail: "d".into() },
            Error::Busy,
            Error::ReadOnly("d".into()),
            Error::Database("d".into()),
            Error::InvalidUrl { input: "x".into(), reason: UrlProblem::Unparsable },
            Error::invalid("field", "reason", "Lý do."),
            Error::DuplicateSite { url: "https://a.gov.vn/".into(), campaign_id: 1 },
            Error::DuplicateCampaign { name: "A".into(), year: 2026 },
            Error::NotFound { entity: "site", key: "1".into() },
            Error::Framework { id: "F".into(), reason: "r".into() },
            Error::Blocked { codes: vec!["CT.01".into()], finalising: false },
            Error::DemoServer { addr: "127.0.0.1:1".into(), detail: "d".into() },
            Error::Scanner("d".into()),
            Error::InUse { path: path.clone() },
            Error::Io { path: path.clone(), detail: "d".into() },
            Error::Export("d".into()),
            Error::NoBrowser { detail: "d".into() },
            Error::Pdf("d".into()),
            Error::ScanRunning,
            Error::NothingSelected,
            Error::OpenFailed { path, detail: "d".into() },
            Error::OpenLinkFailed { url: "https://a.gov.vn/".into(), detail: "d".into() },
            Error::Internal("d".into()),
            Error::bundle("r", "Lý do."),
            Error::Document { reason: "r".into(), message_vi: "Lý do.".into() },
        ];
        for e in &all {
            match e {
                Error::NotADatabase { .. }
                | Error::Corrupt { .. }
                | Error::NewerSchema { .. }
                | Error::CannotOpen { .. }
                | Error::Busy
                | Error::ReadOnly(_)
                | Error::Database(_)
                | Error::InUse { .. }
                | Error::InvalidUrl { .. }
                | Error::Invalid { .. }
                | Error::DuplicateSite { .. }
                | Error::DuplicateCampaign { .. }
                | Error::NotFound { .. }
                | Error::Framework { .. }
                | Error::Blocked { .. }
                | Error::DemoServer { .. }
                | Error::Scanner(_)
                | Error::Io { .. }
                | Error::Export(_)
                | Error::NoBrowser { .. }
                | Error::Pdf(_)
                | Error::ScanRunning
                | Error::NothingSelected
                | Error::OpenFailed { .. }
                | Error::OpenLinkFailed { .. }
                | Error::Internal(_)
                | Error::Bundle { .. }
                | Error::Document { .. } => {}
            }
        }
        all
    }

    #[test]
    fn codes_lists_exactly_the_codes_of_the_variants() {
        let errors = one_of_each();
        let from_variants: Vec<&str> = errors.iter().map(Error::code).collect();
        let distinct: BTreeSet<&str> = from_variants.iter().copied().collect();
        assert_eq!(distinct.len(), from_variants.len(), "two variants share a code: {from_variants:?}");
        let listed: BTreeSet<&str> = Error::CODES.iter().copied().collect();
        assert_eq!(listed.len(), Error::CODES.len(), "Error::CODES has a duplicate");
        assert_eq!(listed, distinct);
    }

    #[test]
    fn every_error_has_a_vietnamese_message_and_a_user_error() {
        for e in one_of_each() {
            let u = UserError::from(&e);
            assert_eq!(u.code(), e.code());
            assert!(!u.message().is_empty(), "{}", e.code());
            let json = serde_json::to_value(&u).unwrap();
            assert_eq!(json["code"], e.code());
        }
    }
}
