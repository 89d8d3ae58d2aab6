// The only module that talks to the backend. Everything else imports from here.
import { Channel, invoke } from '@tauri-apps/api/core';
import { ERROR_CODES, type ErrorCode } from './bindings';
import type {
  AppInfo,
  Analysis,
  ChecklistAnswer,
  PageText,
  BundleReport,
  Campaign,
  CampaignDocument,
  Conflict,
  CampaignFramework,
  CampaignSummary,
  Criterion,
  CriterionEdit,
  FrameworkDetail,
  FrameworkSummary,
  NewCriterion,
  Attachment,
  AuditEntry,
  CriterionResult,
  ReviewInput,
  ReviewDraft,
  Reviewer,
  SavedDraft,
  SiteProgress,
  CampaignReport,
  ColumnMap,
  ImportPreview,
  ImportHeader,
  ImportOptions,
  ImportReport,
  WorkQueue,
  Table,
  NewCampaign,
  ReportBatch,
  ReportProgress,
  ScanInfo,
  ScanProgress,
  ScanSummary,
  Site,
  SiteWork,
  SiteDetail,
  SiteInput,
} from './bindings';

export type * from './bindings';

/**
 * An error from the backend: a stable code to branch on (one of the core's `Error::CODES`),
 * a Vietnamese message to show.
 */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function isErrorCode(code: unknown): code is ErrorCode {
  return (ERROR_CODES as readonly unknown[]).includes(code);
}

/** Turns whatever `invoke` rejected with into an ApiError; a code the core does not define becomes `internal`. */
export function toApiError(raw: unknown): ApiError {
  if (raw instanceof ApiError) return raw;
  if (raw && typeof raw === 'object' && 'code' in raw && 'message' in raw) {
    const r = raw as { code: unknown; message: unknown };
    return new ApiError(isErrorCode(r.code) ? r.code : 'internal', String(r.message));
  }
  if (typeof raw === 'string') return new ApiError('internal', raw);
  return new ApiError('internal', 'Lỗi không xác định khi gọi chương trình.');
}

async function call<T>(cmd: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toApiError(e);
  }
}

/**
 * Asks where to save an export (the backend shows the native dialog and remembers the choice:
 * an export writes only where the user chose). `undefined`: no choice to make (the export folder
 * is fixed by TTDT_EXPORT_DIR), the backend uses its folder; `null`: the user cancelled.
 */
async function chooseFile(defaultName: string): Promise<string | null | undefined> {
  const info = await call<AppInfo>('app_info');
  if (info.export_dir_fixed) return undefined;
  return call<string | null>('choose_export_file', { defaultName });
}

/** Asks for a folder; same conventions as `chooseFile`. */
async function chooseFolder(): Promise<string | null | undefined> {
  const info = await call<AppInfo>('app_info');
  if (info.export_dir_fixed) return undefined;
  return call<string | null>('choose_export_folder');
}

/** Runs an export after asking where; resolves to the written path, or null when cancelled. */
async function exportTo(defaultName: string, cmd: string, args: Record<string, unknown>): Promise<string | null> {
  const path = await chooseFile(defaultName);
  if (path === null) return null;
  return call<string>(cmd, { ...args, path: path ?? null });
}

/** Runs the automated checks (with page-load metrics in a browser when `browser`); `onProgress` hears of each finished site. */
function scanSites(siteIds: number[], browser: boolean, onProgress: (p: ScanProgress) => void): Promise<ScanSummary> {
  const channel = new Channel<ScanProgress>();
  channel.onmessage = onProgress;
  return call<ScanSummary>('scan_sites', { siteIds, browser, onProgress: channel });
}

export const api = {
  scanSites,
  cancelScan: () => call<boolean>('cancel_scan'),
  campaignBrowserProfile: (campaignId: number) => call<string>('campaign_browser_profile', { campaignId }),
  setCampaignBrowserProfile: (campaignId: number, profile: string) =>
    call<string>('set_campaign_browser_profile', { campaignId, profile }),
  campaignDocument: (campaignId: number) => call<CampaignDocument>('campaign_document', { campaignId }),
  setCampaignDocument: (campaignId: number, document: CampaignDocument) =>
    call<CampaignDocument>('set_campaign_document', { campaignId, document }),
  lastScan: (siteId: number) => call<ScanInfo | null>('last_scan', { siteId }),
  rejudgeSite: (siteId: number) => call<number>('rejudge_site', { siteId }),
  appInfo: () => call<AppInfo>('app_info'),
  listFrameworks: () => call<FrameworkSummary[]>('list_frameworks'),
  listCampaigns: () => call<Campaign[]>('list_campaigns'),
  createCampaign: (input: NewCampaign) => call<Campaign>('create_campaign', { input }),
  campaignFramework: (campaignId: number) => call<CampaignFramework>('campaign_framework', { campaignId }),
  campaignSummary: (campaignId: number) => call<CampaignSummary>('campaign_summary', { campaignId }),
  listSites: (campaignId: number) => call<Site[]>('list_sites', { campaignId }),
  addSite: (campaignId: number, input: SiteInput) => call<Site>('add_site', { campaignId, input }),
  updateSite: (siteId: number, input: SiteInput) => call<Site>('update_site', { siteId, input }),
  removeSite: (siteId: number) => call<Site>('remove_site', { siteId }),
  siteWork: (siteId: number) => call<SiteWork>('site_work', { siteId }),
  siteDetail: (siteId: number) => call<SiteDetail>('site_detail', { siteId }),
  frameworkDetail: (id: string) => call<FrameworkDetail>('framework_detail', { id }),
  importFramework: (text: string, replace: boolean) => call<FrameworkSummary>('import_framework', { text, replace }),
  editCampaignCriterion: (campaignId: number, code: string, edit: CriterionEdit) =>
    call<Criterion>('edit_campaign_criterion', { campaignId, code, edit }),
  addCampaignCriterion: (campaignId: number, input: NewCriterion) =>
    call<Criterion>('add_campaign_criterion', { campaignId, input }),
  /** Saves the campaign's framework copy as a file; resolves to its path. */
  exportCampaignFramework: (campaignId: number) =>
    exportTo(`bo-tieu-chi-cd${campaignId}.toml`, 'export_campaign_framework', { campaignId }),
  getReviewer: () => call<Reviewer | null>('get_reviewer'),
  setReviewer: (reviewer: Reviewer) => call<Reviewer>('set_reviewer', { reviewer }),
  /** A reviewer's decision; `visits` is the EMC visit count of SD.01 (kept in the decision's evidence). */
  reviewCriterion: (siteId: number, code: string, input: ReviewInput, visits: number | null = null) =>
    call<CriterionResult>('review_criterion', { siteId, code, input, visits }),
  /** Keeps what was typed on a criterion and not saved, with why the save was refused. */
  saveReviewDraft: (siteId: number, code: string, draft: ReviewDraft, problem: string) =>
    call<SavedDraft>('save_review_draft', { siteId, code, draft, problem }),
  discardReviewDraft: (siteId: number, code: string) => call<void>('discard_review_draft', { siteId, code }),
  /** Whether finalising a site of the campaign needs someone other than who submitted. */
  secondApproval: (campaignId: number) => call<boolean>('second_approval', { campaignId }),
  setSecondApproval: (campaignId: number, on: boolean) => call<boolean>('set_second_approval', { campaignId, on }),
  /** Opens an http(s) address in the system browser. */
  openLink: (url: string) => call<void>('open_link', { url }),
  /** Sends the file's bytes raw (no JSON encoding), with site, criterion and name as headers. */
  attachDocument: async (siteId: number, code: string, file: File) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    try {
      return await invoke<Attachment>('attach_document', bytes, {
        headers: { 'x-site': String(siteId), 'x-code': encodeURIComponent(code), 'x-name': encodeURIComponent(file.name) },
      });
    } catch (e) {
      throw toApiError(e);
    }
  },
  detachDocument: (attachmentId: number, reason: string) => call<Attachment>('detach_document', { attachmentId, reason }),
  openDocument: (attachmentId: number) => call<void>('open_document', { attachmentId }),
  /** What the document assistant reads in an attached document, against its criterion's checklist. */
  analyseAttachment: (attachmentId: number) => call<Analysis>('analyse_attachment', { attachmentId }),
  /** An attached document's pages as text, for the viewer. */
  attachmentPages: (attachmentId: number) => call<PageText[]>('attachment_pages', { attachmentId }),
  /** An attached picture as a `data:` address, for the viewer. */
  attachmentImage: (attachmentId: number) => call<string>('attachment_image', { attachmentId }),
  /** Records the reviewer's answer on a checklist item of a document (the backend reads the suggestion again). */
  answerChecklistItem: (attachmentId: number, index: number, present: boolean) =>
    call<ChecklistAnswer>('answer_checklist_item', { attachmentId, index, present }),
  checklistAnswers: (siteId: number, code: string) => call<ChecklistAnswer[]>('checklist_answers', { siteId, code }),
  submitEvaluation: (siteId: number) => call<Site>('submit_evaluation', { siteId }),
  finaliseEvaluation: (siteId: number) => call<Site>('finalise_evaluation', { siteId }),
  reopenEvaluation: (siteId: number, reason: string) => call<Site>('reopen_evaluation', { siteId, reason }),
  auditTrail: (siteId: number, code: string | null) => call<AuditEntry[]>('audit_trail', { siteId, code }),
  exportAudit: (siteId: number) => exportTo(`nhat-ky-danh-gia-trang-${siteId}.csv`, 'export_audit', { siteId }),
  campaignProgress: (campaignId: number) => call<SiteProgress[]>('campaign_progress', { campaignId }),
  exportScorecard: (siteId: number) => exportTo(`phieu-danh-gia-${siteId}.xlsx`, 'export_scorecard', { siteId }),
  exportAllScorecards: async (campaignId: number) => {
    const folder = await chooseFolder();
    if (folder === null) return null;
    return call<string>('export_all_scorecards', { campaignId, folder: folder ?? null });
  },
  /** Prints the site's evaluation report to PDF (in a headless browser); resolves to its path. */
  exportReport: (siteId: number) => exportTo(`bao-cao-danh-gia-${siteId}.pdf`, 'export_report', { siteId }),
  /** One PDF report per site into a chosen folder; `onProgress` hears of each site. Null when cancelled. */
  exportAllReports: async (campaignId: number, onProgress: (p: ReportProgress) => void) => {
    const folder = await chooseFolder();
    if (folder === null) return null;
    const channel = new Channel<ReportProgress>();
    channel.onmessage = onProgress;
    return call<ReportBatch>('export_all_reports', { campaignId, folder: folder ?? null, onProgress: channel });
  },
  cancelReports: () => call<boolean>('cancel_reports'),
  /** Opens a file an export just wrote, or with `folder` the folder holding it (the backend refuses other paths). */
  openExport: (path: string, folder: boolean) => call<void>('open_export', { path, folder }),
  exportRanking: (campaignId: number, excludeIncomplete: boolean) =>
    exportTo(`xep-hang-chien-dich-${campaignId}.xlsx`, 'export_ranking', { campaignId, excludeIncomplete }),
  exportResults: (campaignId: number, json: boolean) =>
    exportTo(`ket-qua-chien-dich-${campaignId}.${json ? 'json' : 'csv'}`, 'export_results', { campaignId, json }),
  campaignReport: (campaignId: number, excludeIncomplete: boolean) =>
    call<CampaignReport>('campaign_report', { campaignId, excludeIncomplete }),
  previewImport: async (file: File, sheet: string | null) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    try {
      return await invoke<ImportPreview>('preview_import', bytes, {
        headers: { 'x-name': encodeURIComponent(file.name), 'x-sheet': encodeURIComponent(sheet ?? '') },
      });
    } catch (e) {
      throw toApiError(e);
    }
  },
  importSites: (campaignId: number, table: Table, map: ColumnMap, headerRows: number, options: ImportOptions) =>
    call<ImportReport>('import_sites', { campaignId, table, map, headerRows, options }),
  /** The column names and guessed columns when `headerRows` rows come before the data (`rows`: at least those rows). */
  importHeader: (rows: string[][], headerRows: number) =>
    call<ImportHeader>('import_header', { rows: rows.slice(0, headerRows), headerRows }),
  /** Saves the refused rows of an import, with why, as CSV to send back; resolves to its path, or null when cancelled. */
  exportRejectedRows: (table: Table, headerRows: number, report: ImportReport) =>
    exportTo(`dong-loi-danh-sach-trang.csv`, 'export_rejected_rows', { table, headerRows, report }),
  /** Every criterion of the campaign that still needs a person, with why. */
  workQueue: (campaignId: number) => call<WorkQueue>('work_queue', { campaignId }),
  /** Writes a work bundle (.ttdt) of the campaign with these sites (all when empty); resolves to its path, or null when cancelled. */
  exportBundle: (campaignId: number, siteIds: number[]) =>
    exportTo(`goi-cong-viec-${campaignId}.ttdt`, 'export_bundle', { campaignId, siteIds }),
  /** Merges a bundle file; with `dryRun`, only reports what it would add and the conflicts. */
  importBundle: async (file: File, dryRun: boolean) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    try {
      return await invoke<BundleReport>('import_bundle', bytes, { headers: { 'x-dry-run': dryRun ? '1' : '0' } });
    } catch (e) {
      throw toApiError(e);
    }
  },
  listConflicts: (campaignId: number) => call<Conflict[]>('list_conflicts', { campaignId }),
  assignSites: (siteIds: number[], inspector: string, unit: string) => call<number>('assign_sites', { siteIds, inspector, unit }),
};
