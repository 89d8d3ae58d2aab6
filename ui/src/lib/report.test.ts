import { describe, expect, it } from 'vitest';
import type { BlockRanking } from './bindings';
import { distribution, formatPercent } from './report';

const ranked = (rank: number | null, percent: number | null) => ({
  rank,
  site: {
    site_id: 1, agency_name: 'A', url: 'https://a.gov.vn/', level: 'province' as const, block: 'B', status: 'draft' as const, visits: null,
    card: { criteria: [], groups: [], total: 0, max: 100, percent, blocking: [] },
  },
});

describe('distribution', () => {
  it('counts ranked sites in 10-point bands, 100 % in the last', () => {
    const b: BlockRanking = { block: 'B', sites: [ranked(1, 100), ranked(2, 95), ranked(3, 41.5), ranked(4, 0), ranked(null, 50), ranked(5, null)] };
    expect(distribution(b)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 0, 2]);
  });
});

describe('formatPercent', () => {
  it('uses a decimal comma', () => {
    expect(formatPercent(84.5)).toBe('84,5 %');
    expect(formatPercent(null)).toBe('—');
  });
});
