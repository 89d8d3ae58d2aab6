import { describe, expect, it } from 'vitest';
import { ApiError, toApiError } from './api';

describe('toApiError', () => {
  it('keeps the code and Vietnamese message the backend sent', () => {
    const e = toApiError({ code: 'duplicate_site', message: 'Trang https://a.gov.vn/ đã có trong chiến dịch này.' });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('duplicate_site');
    expect(e.message).toContain('đã có trong chiến dịch');
  });
  it('never passes on a code the core does not define', () => {
    const e = toApiError({ code: 'busy', message: 'Đang bận.' });
    expect(e.code).toBe('internal');
    expect(e.message).toBe('Đang bận.');
  });
  it('wraps plain strings and unknown values', () => {
    expect(toApiError('boom').code).toBe('internal');
    expect(toApiError(undefined).message).toMatch(/Lỗi/);
    const same = new ApiError('scan_running', 'y');
    expect(toApiError(same)).toBe(same);
  });
});
