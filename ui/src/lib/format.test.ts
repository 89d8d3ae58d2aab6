import { describe, expect, it } from 'vitest';
import type { Criterion, CriterionGroup, Site } from './bindings';
import { filterSites, foldText, formatDateTime, formatPoints, groupByCriterionGroup, isAssignedTo, mineFirst, sortSites, webLink } from './format';

const site = (id: number, agency_name: string, level: Site['level'], url: string): Site => ({
  id,
  campaign_id: 1,
  agency_name,
  level,
  block: '',
  url,
  parent_site_id: null,
  created_at: '2026-11-23T09:00:00Z',
  status: 'draft',
  evaluation_id: id,
  assignee: null,
});

const criterion = (code: string, group_code: string, points: number, extra: Partial<Criterion> = {}): Criterion => ({
  code,
  group_code,
  title: code,
  method: 'manual',
  points,
  levels: [],
  legal_basis: [{ text: 'Luật', article: '' }],
  guidance: '',
  checks: [],
  retired: false,
  checklist: [],
  documents: [],
  document_required: false,
  ...extra,
});

const groups: CriterionGroup[] = [
  { code: 'KN', name: 'Kết nối', points: 5, separate_ranking: false },
  { code: 'CT', name: 'Cấu trúc', points: 3, separate_ranking: false },
  { code: 'SD', name: 'Sử dụng', points: 0, separate_ranking: true },
];

describe('formatPoints', () => {
  it('uses a decimal comma and drops trailing zeros', () => {
    expect(formatPoints(1.5)).toBe('1,5');
    expect(formatPoints(4)).toBe('4');
    expect(formatPoints(0.25)).toBe('0,25');
    expect(formatPoints(-0.0000000001)).toBe('0');
  });
});

describe('formatDateTime', () => {
  it('formats as dd/mm/yyyy hh:mm in the given zone', () => {
    expect(formatDateTime('2026-11-23T09:05:00Z', 'Asia/Ho_Chi_Minh')).toBe('23/11/2026 16:05');
  });
  it('returns the input when it is not a date', () => {
    expect(formatDateTime('không phải ngày')).toBe('không phải ngày');
  });
});

describe('foldText and filterSites', () => {
  it('folds diacritics, đ and both spellings of Ủy/Uỷ', () => {
    expect(foldText('Ủy ban')).toBe(foldText('Uỷ ban'));
    expect(foldText('  Sở  ĐÀO tạo ')).toBe('so dao tao');
  });
  const sites = [
    site(1, 'Ủy ban nhân dân tỉnh Sơn Hà', 'province', 'https://sonha.gov.vn/'),
    site(2, 'Sở Giáo dục và Đào tạo', 'provincial_department', 'https://sgd.sonha.gov.vn/'),
    site(3, 'Bộ Thông tin Mẫu', 'ministry', 'https://bomau.gov.vn/'),
  ];
  it('matches every word, without diacritics, on agency, address and level', () => {
    expect(filterSites(sites, 'uy ban').map((s) => s.id)).toEqual([1]);
    expect(filterSites(sites, 'dao tao sonha').map((s) => s.id)).toEqual([2]);
    expect(filterSites(sites, 'bộ, cơ quan').map((s) => s.id)).toEqual([3]);
    expect(filterSites(sites, '   ')).toHaveLength(3);
    expect(filterSites(sites, 'không có')).toHaveLength(0);
  });
  it('sorts Vietnamese names and levels, both directions', () => {
    expect(sortSites(sites, 'agency_name', true).map((s) => s.id)).toEqual([3, 2, 1]);
    expect(sortSites(sites, 'level', true).map((s) => s.id)).toEqual([3, 1, 2]);
    expect(sortSites(sites, 'level', false).map((s) => s.id)).toEqual([2, 1, 3]);
  });
});

describe('groupByCriterionGroup', () => {
  it('keeps group order, skips empty groups and sums points of counted rows', () => {
    const criteria = [
      criterion('CT.01', 'CT', 1.5),
      criterion('KN.01', 'KN', 4),
      criterion('KN.02', 'KN', 1, { retired: true }),
      criterion('CT.05', 'CT', 1.5, { levels: ['province'] }),
    ];
    const g = groupByCriterionGroup(groups, criteria, (c) => c, (c) => c.levels.length === 0);
    expect(g.map((x) => x.group.code)).toEqual(['KN', 'CT']);
    expect(g[0].maxPoints).toBe(4);
    expect(g[1].maxPoints).toBe(1.5);
    expect(g[1].rows.map((c) => c.code)).toEqual(['CT.01', 'CT.05']);
  });
  it('puts criteria of an unknown group at the end', () => {
    const g = groupByCriterionGroup(groups, [criterion('ZZ.01', 'ZZ', 1)], (c) => c);
    expect(g.map((x) => x.group.code)).toEqual(['ZZ']);
  });
});

describe('webLink', () => {
  it('keeps http and https addresses and drops every other scheme', () => {
    expect(webLink('https://sonha.gov.vn/lien-he')).toBe('https://sonha.gov.vn/lien-he');
    expect(webLink('http://xa.sonha.gov.vn/')).toBe('http://xa.sonha.gov.vn/');
    expect(webLink('javascript:alert(1)')).toBeNull();
    expect(webLink('file:///etc/passwd')).toBeNull();
    expect(webLink('data:text/html,<b>x</b>')).toBeNull();
    expect(webLink('không phải địa chỉ')).toBeNull();
    expect(webLink(undefined)).toBeNull();
  });
});

describe('mineFirst', () => {
  const assigned = (id: number, assignee: string | null) =>
    ({ id, campaign_id: 1, agency_name: `Đơn vị ${id}`, level: 'commune', block: '', url: `https://x${id}.gov.vn/`,
       parent_site_id: null, created_at: '', status: 'draft', evaluation_id: id, assignee }) as Site;

  it('puts the reviewer\'s sites first, keeping the order of each part', () => {
    const sites = [assigned(1, null), assigned(2, 'Lê Thị Bình (Đoàn 2)'), assigned(3, 'Nguyễn Văn An (Đoàn 1)'), assigned(4, 'Nguyễn Văn An')];
    expect(mineFirst(sites, 'Nguyễn Văn An').map((s) => s.id)).toEqual([3, 4, 1, 2]);
    expect(mineFirst(sites, 'Lê Thị Bình').map((s) => s.id)).toEqual([2, 1, 3, 4]);
  });

  it('does not take a longer name for the reviewer\'s', () => {
    const sites = [assigned(1, 'Nguyễn Văn Anh'), assigned(2, 'Nguyễn Văn An')];
    expect(mineFirst(sites, 'Nguyễn Văn An').map((s) => s.id)).toEqual([2, 1]);
    expect(isAssignedTo(sites[0], 'Nguyễn Văn An')).toBe(false);
    expect(mineFirst(sites, '').map((s) => s.id)).toEqual([1, 2]);
  });
});

describe('the review desk cells', () => {
  it('shows points only for scored criteria and a maximum only when it counts', async () => {
    const { scoreCells } = await import('./format');
    const s = (standing: 'scored' | 'excluded' | 'blocking', points: number, max: number) =>
      ({ code: 'X', group_code: 'G', outcome: null, standing, points, max }) as const;
    expect(scoreCells(s('scored', 1.5, 2), 2)).toEqual({ points: '1,5', max: '2' });
    expect(scoreCells(s('excluded', 0, 0), 0.5)).toEqual({ points: '—', max: '—' });
    expect(scoreCells(s('blocking', 0, 2), 2)).toEqual({ points: '—', max: '2' });
  });
  it('writes the audit trail times to the second', async () => {
    const { formatDateTimeFull } = await import('./format');
    expect(formatDateTimeFull('2026-11-27T03:04:05Z', 'Asia/Ho_Chi_Minh')).toBe('27/11/2026 10:04:05');
  });
});
