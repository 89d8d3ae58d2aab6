// The work queue being walked: its items, the filter, and the item open on the site page, so that
// "next" and "previous" work from the queue page and from the site page alike.
import { api, toApiError } from './api';
import type { CriterionGroup, QueueItem } from './bindings';
import { filterQueue, itemKey, noFilter, stepFrom, type QueueFilter } from './queue';
import { router } from './router.svelte';
import { session } from './session.svelte';

class QueueNav {
  campaignId = $state<number | null>(null);
  items = $state<QueueItem[]>([]);
  groups = $state<CriterionGroup[]>([]);
  filter = $state<QueueFilter>({ ...noFilter });
  /** The key of the item last opened or chosen (see `itemKey`). */
  current = $state<string | null>(null);
  loading = $state(false);
  readonly list = $derived(filterQueue(this.items, this.filter));

  /** Reads the queue again (decisions made since leave it). */
  async load(campaignId: number) {
    if (campaignId !== this.campaignId) {
      this.filter = { ...noFilter };
      this.current = null;
    }
    this.loading = true;
    try {
      const q = await api.workQueue(campaignId);
      this.campaignId = campaignId;
      this.items = q.items;
      this.groups = q.groups;
    } catch (e) {
      session.notify('error', toApiError(e).message);
    } finally {
      this.loading = false;
    }
  }

  /** Opens the site page on an item's criterion. */
  open(item: QueueItem) {
    this.current = itemKey(item);
    router.go({ page: 'site', siteId: item.site_id, code: item.criterion_code });
  }

  /** Position of the current item in the filtered list (1-based), or 0 when it is not there. */
  get position(): number {
    return this.list.findIndex((i) => itemKey(i) === this.current) + 1;
  }

  /** Opens the next (+1) or previous (-1) item, reading the queue again first. */
  async step(step: 1 | -1) {
    if (this.campaignId === null) return;
    const before = this.list;
    await this.load(this.campaignId);
    const i = stepFrom(this.list, this.current, step, before);
    if (i === null) {
      session.notify('ok', this.list.length === 0 ? 'Hàng đợi đã hết việc.' : step === 1 ? 'Đã tới mục cuối của hàng đợi.' : 'Đã tới mục đầu của hàng đợi.');
      return;
    }
    this.open(this.list[i]);
  }
}

export const queueNav = new QueueNav();
