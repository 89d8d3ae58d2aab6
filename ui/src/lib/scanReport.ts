// What the window says at the end of a campaign scan: never a green success when sites could not
// be reached or their results could not be recorded.
import type { ScanSummary } from './bindings';

export interface ScanNotice {
  kind: 'ok' | 'warn' | 'error';
  text: string;
}

/**
 * `failed`: sites whose results could not be recorded although they were fetched (e.g. finalised);
 * `finished`: sites done before a cancel (a cancelled site is counted by the summary too).
 */
export function scanNotice(s: ScanSummary, failed = 0, finished = s.scanned): ScanNotice {
  const problems = s.unreachable + failed;
  const unreached = s.unreachable ? `${s.unreachable} trang không tải được` : '';
  const unrecorded = failed ? `${failed} trang không ghi được kết quả` : '';
  const what = [unreached, unrecorded].filter(Boolean).join(', ');
  if (s.cancelled) {
    // What the cancel cut short is not "unreachable": only the sites finished before it count.
    return { kind: 'warn', text: `Đã dừng kiểm tra theo yêu cầu: ${finished} trang đã kiểm tra xong và giữ kết quả.` };
  }
  if (s.scanned === 0) return { kind: 'error', text: 'Không kiểm tra được trang nào.' };
  if (problems >= s.scanned) {
    return {
      kind: 'error',
      text: `Không trang nào trong ${s.scanned} trang được kiểm tra đầy đủ: ${what}. Các tiêu chí cần trang được ghi “Lỗi thu thập”, không phải “Không đạt”.`,
    };
  }
  if (problems > 0) {
    return {
      kind: 'warn',
      text: `Đã kiểm tra ${s.scanned} trang, nhưng ${what}; ghi ${s.recorded} kết quả.`,
    };
  }
  return { kind: 'ok', text: `Đã kiểm tra ${s.scanned} trang, ghi ${s.recorded} kết quả.` };
}
