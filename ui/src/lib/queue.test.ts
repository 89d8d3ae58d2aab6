import { describe, expect, it } from 'vitest';
import type { QueueItem } from './bindings';
import { NOBODY, assignees, filterQueue, itemKey, noFilter, stepFrom } from './queue';

function item(site_id: number, code: string, more: Partial<QueueItem> = {}): QueueItem {
  return {
    site_id,
    agency_name: `Trang ${site_id}`,
    url: `https://s${site_id}.sonha.gov.vn/`,
    level: 'commune',
    block: 'Khối xã, phường',
    status: 'draft',
    assignee: null,
    criterion_code: code,
    criterion_title: code,
    group_code: code.split('.')[0],
    outcome: null,
    reasons: ['undecided'],
    detail: '',
    ...more,
  };
}

const items = [
  item(1, 'KN.01', { reasons: ['needs_review'], outcome: 'needs_review', assignee: 'Nguyễn Văn An (Đoàn 1)' }),
  item(1, 'QL.01', { reasons: ['undecided', 'missing_document'], assignee: 'Nguyễn Văn An (Đoàn 1)' }),
  item(2, 'TM.01', { reasons: ['collection_error'], outcome: 'error', level: 'province', assignee: 'Lê Thị Bình' }),
  item(3, 'QL.03', { reasons: ['conflict'], outcome: 'pass' }),
];

describe('work queue filters', () => {
  it('filter by group, reason, level and assignee', () => {
    expect(filterQueue(items, noFilter)).toHaveLength(4);
    expect(filterQueue(items, { ...noFilter, group: 'QL' }).map(itemKey)).toEqual(['1/QL.01', '3/QL.03']);
    expect(filterQueue(items, { ...noFilter, reason: 'missing_document' }).map(itemKey)).toEqual(['1/QL.01']);
    expect(filterQueue(items, { ...noFilter, level: 'province' }).map(itemKey)).toEqual(['2/TM.01']);
    expect(filterQueue(items, { ...noFilter, assignee: 'Lê Thị Bình' }).map(itemKey)).toEqual(['2/TM.01']);
    expect(filterQueue(items, { ...noFilter, assignee: NOBODY }).map(itemKey)).toEqual(['3/QL.03']);
    expect(filterQueue(items, { group: 'QL', reason: 'undecided', level: 'commune', assignee: '' })).toHaveLength(1);
  });
  it('lists each assignee once, in Vietnamese order', () => {
    expect(assignees(items)).toEqual(['Lê Thị Bình', 'Nguyễn Văn An (Đoàn 1)']);
  });
});

describe('next and previous', () => {
  it('step through the list and stop at its ends', () => {
    expect(stepFrom(items, null, 1)).toBe(0);
    expect(stepFrom(items, null, -1)).toBe(3);
    expect(stepFrom(items, '1/KN.01', 1)).toBe(1);
    expect(stepFrom(items, '1/KN.01', -1)).toBeNull();
    expect(stepFrom(items, '3/QL.03', 1)).toBeNull();
    expect(stepFrom([], null, 1)).toBeNull();
  });
  it('go on from where a decided item stood', () => {
    const after = items.filter((i) => itemKey(i) !== '1/QL.01');
    expect(after[stepFrom(after, '1/QL.01', 1, items)!].criterion_code).toBe('TM.01');
    expect(after[stepFrom(after, '1/QL.01', -1, items)!].criterion_code).toBe('KN.01');
    const none = items.filter((i) => i.site_id !== 1);
    expect(stepFrom(none, '1/KN.01', -1, items)).toBeNull();
  });
});
