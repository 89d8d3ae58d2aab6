// Vietnamese labels for the values the backend sends.
import type { EvaluationStatus, Level, Method, Outcome, PageKind } from './bindings';

export const LEVELS: Level[] = ['ministry', 'ministry_unit', 'province', 'provincial_department', 'commune'];

export const levelLabel: Record<Level, string> = {
  ministry: 'Bộ, cơ quan ngang bộ',
  ministry_unit: 'Đơn vị thuộc bộ',
  province: 'Tỉnh, thành phố',
  provincial_department: 'Sở, ban, ngành',
  commune: 'Xã, phường',
};

export const defaultBlock: Record<Level, string> = {
  ministry: 'Khối Bộ, cơ quan ngang bộ',
  ministry_unit: 'Khối đơn vị thuộc bộ',
  province: 'Khối tỉnh, thành phố',
  provincial_department: 'Khối sở, ban, ngành',
  commune: 'Khối xã, phường',
};

export const methodLabel: Record<Method, string> = {
  automated: 'Tự động',
  hybrid: 'Bán tự động',
  manual: 'Thủ công',
};

export const methodShort: Record<Method, string> = { automated: 'A', hybrid: 'H', manual: 'M' };

export const outcomeLabel: Record<Outcome, string> = {
  pass: 'Đạt',
  partial: 'Đạt một phần',
  fail: 'Không đạt',
  needs_review: 'Cần xem xét',
  not_applicable: 'Không áp dụng',
  not_tested: 'Chưa kiểm tra',
  error: 'Lỗi thu thập',
};

export const statusLabel: Record<EvaluationStatus, string> = {
  draft: 'Đang đánh giá',
  submitted: 'Đã nộp',
  finalised: 'Đã chốt',
};

export const pageKindLabel: Record<PageKind, string> = {
  home: 'Trang chủ',
  introduction: 'Giới thiệu',
  organisation: 'Cơ cấu tổ chức',
  leaders: 'Lãnh đạo',
  news_list: 'Danh sách tin',
  article: 'Bài viết',
  documents: 'Văn bản',
  procedures: 'Thủ tục hành chính',
  contact: 'Liên hệ',
  section: 'Chuyên mục',
  foreign: 'Tiếng nước ngoài',
  search: 'Kết quả tìm kiếm',
  robots: 'robots.txt',
  sitemap: 'Sitemap',
  feed: 'RSS',
  probe404: 'Trang không tồn tại (thử 404)',
  other: 'Trang khác',
};
