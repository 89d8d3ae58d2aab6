import { describe, expect, it } from 'vitest';
import { ApiError, toApiError } from './api';

describe('toApiError', () => {
  it('keeps the code and Vietnamese message the backend sent', () => {
    const e = toApiError({ code: 'duplicate_site', message: 'Trang https://a.gov.vn/ đã có trong chiến dịch này.' });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe('duplicate_site');
    expect(e.message).toContain('đã có trong chiến dịch');
  });
  it('wraps plain strings and unknown values', () => {
    expect(toApiError('boom').code).toBe('internal');
    expect(toApiError(undefined).message).toMatch(/Lỗi/);
    const same = new ApiError('x', 'y');
    expect(toApiError(same)).toBe(same);
  });
});
