import { describe, expect, it } from 'vitest';
import { scanNotice } from './scanReport';

const summary = (scanned: number, unreachable: number, recorded: number, cancelled = false) => ({ scanned, unreachable, recorded, cancelled });

describe('end-of-scan notice', () => {
  it('is an error, with the count, when no site could be reached', () => {
    const n = scanNotice(summary(18, 18, 810));
    expect(n.kind).toBe('error');
    expect(n.text).toContain('18 trang không tải được');
    expect(n.text).not.toMatch(/^Đã kiểm tra/);
  });
  it('is a warning with the count when some could not be reached', () => {
    const n = scanNotice(summary(4, 1, 180));
    expect(n.kind).toBe('warn');
    expect(n.text).toContain('1 trang không tải được');
  });
  it('counts sites whose results were refused as problems too', () => {
    expect(scanNotice(summary(2, 0, 45), 1)).toEqual({ kind: 'warn', text: expect.stringContaining('1 trang không ghi được kết quả') });
    expect(scanNotice(summary(1, 0, 0), 1).kind).toBe('error');
  });
  it('is a success only when every site was reached and recorded', () => {
    expect(scanNotice(summary(4, 0, 180))).toEqual({ kind: 'ok', text: 'Đã kiểm tra 4 trang, ghi 180 kết quả.' });
  });
  it('says a cancelled run stopped, not that it checked', () => {
    const n = scanNotice(summary(3, 1, 90, true), 0, 2);
    expect(n.kind).toBe('warn');
    expect(n.text).toBe('Đã dừng kiểm tra theo yêu cầu: 2 trang đã kiểm tra xong và giữ kết quả.');
    expect(n.text).not.toContain('không tải được');
  });
});
