// Generated from the Rust code by src-tauri/crates/ttdt-core/src/bindings.rs. Do not edit.
// Regenerate: UPDATE_BINDINGS=1 cargo test -p ttdt-core bindings

export type Level = "ministry" | "ministry_unit" | "province" | "provincial_department" | "commune";

export type Method = "automated" | "hybrid" | "manual";

export type Outcome = "pass" | "partial" | "fail" | "needs_review" | "not_applicable" | "not_tested" | "error";

export type ResultMode = "automatic" | "manual" | "override";

export type EvaluationStatus = "draft" | "submitted" | "finalised";

export type LegalRef = { 
/**
 * The text, e.g. "Thông tư 22/2023/TT-BTTTT".
 */
text: string, 
/**
 * Article, clause or point, e.g. "Điều 10 khoản 3 điểm b". Empty when the whole text is meant.
 */
article: string, };

export type Campaign = { id: number, name: string, year: number, 
/**
 * Id of the framework the campaign's frozen copy was taken from.
 */
framework_id: string, framework_name: string, created_at: string, site_count: number, criterion_count: number, };

export type NewCampaign = { name: string, year: number, framework_id: string, };

export type Signatory = { title: string, name: string, };

export type CampaignDocument = { 
/**
 * The issuing body (cơ quan ban hành); empty: the reviewer's unit.
 */
issuer: string, 
/**
 * The place of issue (địa danh); empty leaves a blank.
 */
place: string, 
/**
 * Who signs, left to right.
 */
signatories: Array<Signatory>, };

export type Site = { id: number, campaign_id: number, agency_name: string, level: Level, block: string, url: string, parent_site_id: number | null, created_at: string, status: EvaluationStatus, evaluation_id: number, 
/**
 * The inspector the coordinator assigned the site to ("name (unit)"), if any.
 */
assignee: string | null, };

export type SiteInput = { agency_name: string, level: Level, 
/**
 * Empty means the level's default block.
 */
block: string, url: string, parent_site_id: number | null, };

export type CriterionGroup = { code: string, name: string, points: number, 
/**
 * Ranked separately and kept out of the total (usage group).
 */
separate_ranking: boolean, };

export type Criterion = { code: string, group_code: string, title: string, method: Method, points: number, 
/**
 * Levels the criterion applies to; empty means all levels.
 */
levels: Array<Level>, legal_basis: Array<LegalRef>, guidance: string, checks: Array<string>, retired: boolean, 
/**
 * What a reviewer ticks off (manual and hybrid criteria).
 */
checklist: Array<string>, 
/**
 * The evidence documents expected.
 */
documents: Array<string>, 
/**
 * The criterion cannot pass without a document.
 */
document_required: boolean, };

export type CampaignFramework = { framework_id: string, framework_name: string, groups: Array<CriterionGroup>, criteria: Array<Criterion>, 
/**
 * The copy can be edited while no evaluation of the campaign is finalised.
 */
editable: boolean, 
/**
 * Why it cannot be edited, in Vietnamese; empty when editable.
 */
locked_reason: string, };

export type LegalText = { text: string, title: string, };

export type FrameworkDetail = { summary: FrameworkSummary, legal_texts: Array<LegalText>, groups: Array<CriterionGroup>, criteria: Array<Criterion>, };

export type CriterionEdit = { points: number | null, 
/**
 * Empty means all levels.
 */
levels: Array<Level> | null, guidance: string | null, retired: boolean | null, 
/**
 * Why, for the change log (may be empty).
 */
reason: string, };

export type NewCriterion = { code: string, group_code: string, title: string, method: Method, points: number, levels: Array<Level>, legal_basis: Array<LegalRef>, guidance: string, };

export type CriterionResult = { id: number, criterion_code: string, outcome: Outcome, share: number, points: number, mode: ResultMode, evidence: unknown, note: string, asserted_by: string, asserted_at: string, };

export type NewResult = { criterion_code: string, outcome: Outcome, 
/**
 * For partial: the share of the points (0–1). Ignored otherwise.
 */
share: number, evidence: unknown, note: string, };

export type SiteDetail = { site: Site, campaign: Campaign, parent: Site | null, groups: Array<CriterionGroup>, criteria: Array<SiteCriterion>, score: ScoreCard, 
/**
 * How far the evaluation has come, counted from `score` as the sites list counts it.
 */
progress: SiteProgress, 
/**
 * Who set the current status, and when.
 */
status_by: string | null, status_at: string | null, 
/**
 * Finalising needs a second person: someone other than who submitted (a campaign setting).
 */
second_approval: boolean, };

export type SiteCriterion = { criterion: Criterion, applies: boolean, 
/**
 * The effective result: the reviewer's when there is one, else the tool's.
 */
result: CriterionResult | null, 
/**
 * The newest result of the automated checks.
 */
tool_result: CriterionResult | null, 
/**
 * The newest decision of a reviewer (manual or override).
 */
review: CriterionResult | null, 
/**
 * The tool's result changed after the reviewer decided.
 */
tool_changed: boolean, 
/**
 * Documents attached and not detached.
 */
attachments: Array<Attachment>, 
/**
 * What a reviewer typed and did not get saved as a decision, if anything.
 */
draft: SavedDraft | null, };

export type ReviewDraft = { outcome: Outcome | null, 
/**
 * Points as typed ("2,5").
 */
points: string, note: string, checklist: Array<boolean>, reason: string, 
/**
 * EMC visits as typed (SD.01).
 */
visits: string, };

export type SavedDraft = { draft: ReviewDraft, 
/**
 * The refusal of the last save, in Vietnamese; empty when the save was only pending.
 */
problem: string, saved_by: string, saved_at: string, };

export type Reviewer = { name: string, unit: string, };

export type ReviewInput = { 
/**
 * pass, partial, fail or not_applicable.
 */
outcome: Outcome, 
/**
 * For partial: the share (0–1); or give `points` instead.
 */
share: number | null, 
/**
 * For partial: points between 0 and the criterion's maximum.
 */
points: number | null, note: string, 
/**
 * Ticks of the criterion's checklist, in order.
 */
checklist: Array<boolean>, 
/**
 * Required when the decision differs from the tool's result.
 */
reason: string, };

export type Attachment = { id: number, criterion_code: string, sha256: string, original_name: string, size: number, media_type: string, added_by: string, added_at: string, detached_by: string | null, detached_at: string | null, };

export type AuditEntry = { at: string, actor: string, entity: string, entity_id: string, field: string, old_value: string | null, new_value: string | null, reason: string, };

export type ChecklistAnswer = { 
/**
 * The item's place in the criterion's checklist, from 0.
 */
index: number, 
/**
 * The item as the criterion words it.
 */
item: string, 
/**
 * The document's original name and content hash (the hash names it on every machine).
 */
document: string, sha256: string, 
/**
 * What the assistant suggested: found, not found, or cannot tell (`None`).
 */
suggested: boolean | null, page: number | null, quote: string | null, 
/**
 * The reviewer's decision: the document holds the item.
 */
present: boolean, answered_by: string, answered_at: string, };

export type SiteProgress = { site_id: number, 
/**
 * Applicable criteria with a final outcome.
 */
done: number, 
/**
 * Needs review, not tested or error.
 */
blocked: number, 
/**
 * No result yet.
 */
left: number, applicable: number, };

export type DocKind = "pdf" | "docx" | "xlsx" | "odt" | "ods" | "png" | "jpeg" | "gif" | "webp";

export type SiteScore = { site_id: number, agency_name: string, url: string, level: Level, block: string, status: EvaluationStatus, card: ScoreCard, 
/**
 * Visits measured by EMC (criterion SD.01), when recorded.
 */
visits: number | null, };

export type Ranked = { rank: number | null, site: SiteScore, };

export type BlockRanking = { block: string, 
/**
 * Ranked sites first (best first), then the ones left out.
 */
sites: Array<Ranked>, };

export type Stats = { mean: number, median: number, min: number, max: number, count: number, };

export type GroupStats = { code: string, name: string, stats: Stats | null, };

export type CriterionFare = { code: string, 
/**
 * Mean of points / maximum over sites where it is scored; `None` when nowhere scored.
 */
mean_share: number | null, scored: number, };

export type CampaignReport = { blocks: Array<BlockRanking>, groups: Array<GroupStats>, 
/**
 * Up to 10 criteria, weakest first.
 */
weakest: Array<CriterionFare>, 
/**
 * Titles of the criteria named in `weakest`.
 */
titles: Array<[string, string]>, };

export type Table = { sheets: Array<string>, sheet: string, rows: Array<Array<string>>, };

export type ColumnMap = { agency: number | null, level: number | null, url: number | null, block: number | null, parent: number | null, };

export type ImportRow = { 
/**
 * Line in the sheet, 1-based as a spreadsheet shows it.
 */
line: number, agency_name: string, level: Level | null, url: string, block: string, parent: string, 
/**
 * Vietnamese messages; empty when the row can be imported.
 */
errors: Array<string>, 
/**
 * What the import does (or, in a dry run, would do) with the row when it has no errors.
 */
action: RowAction, };

export type ImportReport = { rows: Array<ImportRow>, valid: number, invalid: number, added: number, 
/**
 * Sites updated from their row (`ImportOptions::update_existing`).
 */
updated: number, 
/**
 * False for a dry run, or when rows had errors and were not to be skipped.
 */
committed: boolean, };

export type ImportPreview = { table: Table, map: ColumnMap, 
/**
 * Rows before the data: title rows, the header row and any numbering row under it.
 */
header_rows: number, };

export type RowAction = "add" | "update" | "unchanged" | "ignored";

export type ImportOptions = { 
/**
 * Import the good rows and leave the bad ones out (otherwise nothing is imported if any row is bad).
 */
skip_invalid: boolean, 
/**
 * Check every row and write nothing.
 */
dry_run: boolean, 
/**
 * A row whose address is already in the campaign updates that site instead of being an error.
 */
update_existing: boolean, };

export type ImportHeader = { names: Array<string>, map: ColumnMap, };

export type QueueReason = "needs_review" | "undecided" | "collection_error" | "missing_document" | "tool_changed" | "conflict";

export type QueueItem = { site_id: number, agency_name: string, url: string, level: Level, block: string, status: EvaluationStatus, 
/**
 * The inspector the site is assigned to ("name (unit)"), if any.
 */
assignee: string | null, criterion_code: string, criterion_title: string, group_code: string, 
/**
 * The effective outcome; `None` when there is no result.
 */
outcome: Outcome | null, 
/**
 * Every reason, in `QueueReason::ALL` order; never empty.
 */
reasons: Array<QueueReason>, 
/**
 * A Vietnamese detail (the kind of a conflict, the tool's new outcome), or empty.
 */
detail: string, };

export type WorkQueue = { campaign_id: number, groups: Array<CriterionGroup>, items: Array<QueueItem>, };

export type FrameworkSummary = { id: string, name: string, year: number, version: string, criterion_count: number, max_points: number, };

export type DemoInfo = { base_url: string, portals: Array<DemoPortalInfo>, };

export type DemoPortalInfo = { agency_name: string, level: Level, url: string, };

export type CampaignSummary = { campaign: Campaign, by_level: Array<LevelCount>, by_status: Array<StatusCount>, results_recorded: number, };

export type LevelCount = { level: Level, count: number, };

export type StatusCount = { status: EvaluationStatus, count: number, };

export type AppInfo = { db_path: string, 
/**
 * The database can be read but not written here (a read-only file or folder).
 */
read_only: boolean, schema_version: number, actor: string, demo_base: string, demo_serving: boolean, version: string, 
/**
 * The folder exports go to when no file is chosen.
 */
export_dir: string, 
/**
 * Exports go to `export_dir` without asking (set by `TTDT_EXPORT_DIR`).
 */
export_dir_fixed: boolean, 
/**
 * The browser page-load metrics use, when one was found.
 */
browser_path: string | null, };

export type UserError = { code: string, message: string, };

export type FetchStatus = "ok" | "dns_failure" | "refused" | "timeout" | "tls_error" | "http_error" | "too_large" | "too_complex" | "not_html" | "too_many_redirects" | "budget_exceeded" | "cancelled" | "network_error" | "incomplete" | "script_redirect";

export type PageKind = "home" | "introduction" | "organisation" | "leaders" | "news_list" | "article" | "documents" | "procedures" | "contact" | "section" | "foreign" | "search" | "robots" | "sitemap" | "feed" | "probe404" | "other";

export type SampledPage = { url: string, kind: PageKind, status: FetchStatus, http_status: number | null, };

export type ScanInfo = { id: number, site_id: number, started_at: string, duration_ms: number, status: FetchStatus, status_label: string, sample: Array<SampledPage>, notes: Array<string>, 
/**
 * The homepage as the browser rendered it (PNG, base64), when the load was measured.
 */
screenshot_png_base64: string | null, };

export type SiteWork = { 
/**
 * Results of the automated checks and of outside tools.
 */
tool_results: number, 
/**
 * Reviewers' decisions and overrides.
 */
decisions: number, 
/**
 * Documents attached and not detached.
 */
attachments: number, };

export type RemovedSite = { id: number, campaign_id: number, 
/**
 * The id the site had.
 */
site_id: number, agency_name: string, url: string, results: number, attachments: number, removed_at: string, removed_by: string, restored_at: string | null, 
/**
 * The site it was restored as.
 */
restored_as: number | null, };

export type BundleReport = { 
/**
 * The campaign's name and year.
 */
campaign: string, campaign_id: number, 
/**
 * The campaign was not on this machine and was created.
 */
campaign_created: boolean, 
/**
 * Rows added (sites, evaluations, results, documents' records, change-log rows, assignments).
 */
added: number, 
/**
 * Rows the database already had.
 */
already_present: number, 
/**
 * Conflicts in the campaign after the import.
 */
conflicts: number, 
/**
 * Sites the bundle carries.
 */
sites: number, dry_run: boolean, };

export type Head = { uid: string, outcome: Outcome, share: number, points: number, note: string, asserted_by: string, asserted_at: string, };

export type Conflict = { site_id: number, agency_name: string, url: string, criterion_code: string, kind: ConflictKind, 
/**
 * The kind in Vietnamese.
 */
label: string, 
/**
 * The disagreeing decisions, oldest first (for `after_finalised`: the decisions made after
 * the evaluation was finalised).
 */
decisions: Array<Head>, 
/**
 * When the evaluation was finalised, for `after_finalised`.
 */
finalised_at: string | null, };

export type ConflictKind = "decisions" | "after_finalised";

export type ScanEvent = "started" | "judging" | "done";

export type ScanProgress = { event: ScanEvent, 
/**
 * What is happening to the site, in Vietnamese ("Đang tải các trang", …).
 */
phase_label: string, 
/**
 * Sites finished so far.
 */
done: number, total: number, site_id: number, agency_name: string, 
/**
 * How collection went; known once the site is collected.
 */
status: FetchStatus | null, status_label: string, 
/**
 * Results recorded for the site.
 */
recorded: number, 
/**
 * Why the site's results could not be recorded (e.g. the evaluation is finalised).
 */
error: string | null, cancelled: boolean, };

export type ScanSummary = { scanned: number, unreachable: number, recorded: number, cancelled: boolean, };

export type ReportProgress = { done: number, total: number, site_id: number, agency_name: string, 
/**
 * The file written, when it was.
 */
path: string | null, 
/**
 * Why this site's report was not written (Vietnamese).
 */
error: string | null, };

export type ReportBatch = { dir: string, written: number, failed: number, cancelled: boolean, };

export type Standing = "scored" | "excluded" | "blocking";

export type CriterionScore = { code: string, group_code: string, 
/**
 * The outcome used for scoring; `None` when there is no result yet.
 */
outcome: Outcome | null, standing: Standing, points: number, 
/**
 * Points this criterion adds to the maximum (0 when excluded).
 */
max: number, };

export type GroupScore = { code: string, name: string, points: number, max: number, 
/**
 * `points / max × 100`, or `None` when nothing in the group applies.
 */
percent: number | null, separate_ranking: boolean, };

export type ScoreCard = { criteria: Array<CriterionScore>, groups: Array<GroupScore>, 
/**
 * Sum over groups that are not ranked separately.
 */
total: number, max: number, percent: number | null, 
/**
 * Codes that block finalising (needs review, not tested, error, or no result).
 */
blocking: Array<string>, };

export type DocumentKind = "pdf" | "docx" | "odt" | "image";

export type DocumentMeta = { 
/**
 * "15/QĐ-UBND", "15/2024/QĐ-UBND".
 */
number: string | null, 
/**
 * YYYY-MM-DD, from "…, ngày 12 tháng 3 năm 2024".
 */
date: string | null, 
/**
 * The issuing body (the last body named in the top-left block).
 */
issuer: string | null, 
/**
 * The kind of document and its summary: "QUYẾT ĐỊNH / Về việc ban hành Quy chế …".
 */
title: string | null, };

export type ItemFinding = { 
/**
 * The checklist item as the criterion words it.
 */
label: string, 
/**
 * `true` found, `false` not found, `None` cannot tell (no text layer, or no vocabulary for
 * the item): a reviewer decides.
 */
found: boolean | null, 
/**
 * Page of the quote, from 1.
 */
page: number | null, 
/**
 * The heading or sentence that satisfies the item (or, when a condition fails, the one
 * that shows why: "Cấp độ 2").
 */
quote: string | null, };

export type Analysis = { kind: DocumentKind, text_layer: boolean, pages: number, meta: DocumentMeta, items: Array<ItemFinding>, };

export type PageText = { number: number, text: string, 
/**
 * Whether the page has a text layer (a scanned page has none).
 */
text_layer: boolean, };

/** Every error code the backend sends (`Error::CODES`): the UI branches on these and no others. */
export const ERROR_CODES = [
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
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Administrative levels in their usual order (`Level::ALL`). */
export const LEVELS: readonly Level[] = ["ministry", "ministry_unit", "province", "provincial_department", "commune"];

/** `Level::label_vi`. */
export const LEVEL_LABELS: Readonly<Record<Level, string>> = {
  "ministry": "Bộ, cơ quan ngang bộ",
  "ministry_unit": "Đơn vị thuộc bộ",
  "province": "Tỉnh, thành phố",
  "provincial_department": "Sở, ban, ngành",
  "commune": "Xã, phường",
};

/** The ranking block of a level unless a campaign says otherwise (`Level::default_block`). */
export const LEVEL_DEFAULT_BLOCKS: Readonly<Record<Level, string>> = {
  "ministry": "Khối Bộ, cơ quan ngang bộ",
  "ministry_unit": "Khối đơn vị thuộc bộ",
  "province": "Khối tỉnh, thành phố",
  "provincial_department": "Khối sở, ban, ngành",
  "commune": "Khối xã, phường",
};

/** `Method::ALL`. */
export const METHODS: readonly Method[] = ["automated", "hybrid", "manual"];

/** `Method::label_vi`. */
export const METHOD_LABELS: Readonly<Record<Method, string>> = {
  "automated": "Tự động",
  "hybrid": "Bán tự động",
  "manual": "Thủ công",
};

/** One-letter marks of criterion lists (`Method::short_vi`). */
export const METHOD_SHORT: Readonly<Record<Method, string>> = {
  "automated": "A",
  "hybrid": "H",
  "manual": "M",
};

/** `Outcome::ALL`. */
export const OUTCOMES: readonly Outcome[] = ["pass", "partial", "fail", "needs_review", "not_applicable", "not_tested", "error"];

/** `Outcome::label_vi`. */
export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  "pass": "Đạt",
  "partial": "Đạt một phần",
  "fail": "Không đạt",
  "needs_review": "Cần xem xét",
  "not_applicable": "Không áp dụng",
  "not_tested": "Chưa kiểm tra",
  "error": "Lỗi thu thập",
};

/** `EvaluationStatus::label_vi`. */
export const EVALUATION_STATUS_LABELS: Readonly<Record<EvaluationStatus, string>> = {
  "draft": "Đang đánh giá",
  "submitted": "Đã nộp",
  "finalised": "Đã chốt",
};

/** What an import does with a row (`RowAction::label_vi`). */
export const ROW_ACTION_LABELS: Readonly<Record<RowAction, string>> = {
  "add": "Thêm mới",
  "update": "Cập nhật",
  "unchanged": "Đã có, không đổi",
  "ignored": "Bỏ qua (không phải dòng dữ liệu)",
};

/** Why a criterion is in the work queue, in order (`QueueReason::ALL`). */
export const QUEUE_REASONS: readonly QueueReason[] = ["needs_review", "undecided", "collection_error", "missing_document", "tool_changed", "conflict"];

/** `QueueReason::label_vi`. */
export const QUEUE_REASON_LABELS: Readonly<Record<QueueReason, string>> = {
  "needs_review": "Cần xem xét",
  "undecided": "Chưa có kết quả",
  "collection_error": "Lỗi thu thập, chưa kiểm tra",
  "missing_document": "Thiếu tài liệu bắt buộc",
  "tool_changed": "Công cụ đổi kết quả sau quyết định",
  "conflict": "Xung đột giữa các máy",
};

/** What a sampled page was fetched for (`PageKind::label_vi`). */
export const PAGE_KIND_LABELS: Readonly<Record<PageKind, string>> = {
  "home": "Trang chủ",
  "introduction": "Giới thiệu",
  "organisation": "Cơ cấu tổ chức",
  "leaders": "Lãnh đạo",
  "news_list": "Danh sách tin",
  "article": "Bài viết",
  "documents": "Văn bản",
  "procedures": "Thủ tục hành chính",
  "contact": "Liên hệ",
  "section": "Chuyên mục",
  "foreign": "Tiếng nước ngoài",
  "search": "Kết quả tìm kiếm",
  "robots": "robots.txt",
  "sitemap": "Sitemap",
  "feed": "RSS",
  "probe404": "Trang không tồn tại (thử 404)",
  "other": "Trang khác",
};

/** Largest framework file accepted, in bytes (`framework::MAX_FRAMEWORK_BYTES`). */
export const MAX_FRAMEWORK_BYTES = 2097152;

/** Largest attachment unless the setting `max_attachment_mb` says otherwise, in MB (`storage::DEFAULT_MAX_ATTACHMENT_MB`). */
export const DEFAULT_MAX_ATTACHMENT_MB = 50;

/** The attachment limits a reviewer may choose, in MB, both ends included (`storage::MAX_ATTACHMENT_MB_RANGE`). */
export const MAX_ATTACHMENT_MB_RANGE = { min: 1, max: 2048 } as const;

/** The shape of a criterion code a campaign adds, e.g. CT.27 (`framework::CRITERION_CODE_PATTERN`). */
export const CRITERION_CODE_PATTERN = "^[A-Z]{2,4}\\.\\d{2,3}$";
