// State shared by the pages: the campaigns, the one being worked on, app info and notices.
import { api, ApiError, toApiError } from './api';
import type { AppInfo, Campaign, Reviewer } from './bindings';

const CURRENT_KEY = 'ttdt.currentCampaign';

export interface Notice {
  id: number;
  kind: 'ok' | 'error';
  text: string;
}

class Session {
  campaigns = $state<Campaign[]>([]);
  currentId = $state<number | null>(null);
  info = $state<AppInfo | null>(null);
  reviewer = $state<Reviewer | null>(null);
  /** The reviewer form is shown (first launch, or asked for). */
  askReviewer = $state(false);
  /** Set when the database could not be opened: the app shows only this. */
  fatal = $state<ApiError | null>(null);
  loaded = $state(false);
  notices = $state<Notice[]>([]);
  private nextNotice = 1;

  current = $derived(this.campaigns.find((c) => c.id === this.currentId) ?? null);

  async load() {
    try {
      this.info = await api.appInfo();
      this.reviewer = await api.getReviewer();
      this.askReviewer = this.reviewer === null;
      await this.refreshCampaigns();
    } catch (e) {
      this.fatal = toApiError(e);
    } finally {
      this.loaded = true;
    }
  }

  async refreshCampaigns() {
    this.campaigns = await api.listCampaigns();
    const saved = Number(localStorage.getItem(CURRENT_KEY));
    const keep = this.campaigns.find((c) => c.id === (this.currentId ?? saved));
    this.currentId = keep ? keep.id : (this.campaigns[0]?.id ?? null);
  }

  async saveReviewer(r: Reviewer) {
    this.reviewer = await api.setReviewer(r);
    this.info = await api.appInfo();
    this.askReviewer = false;
  }

  select(id: number) {
    this.currentId = id;
    localStorage.setItem(CURRENT_KEY, String(id));
  }

  notify(kind: Notice['kind'], text: string) {
    const n = { id: this.nextNotice++, kind, text };
    this.notices = [...this.notices, n];
    setTimeout(() => this.dismiss(n.id), kind === 'error' ? 8000 : 3500);
  }

  dismiss(id: number) {
    this.notices = this.notices.filter((n) => n.id !== id);
  }
}

export const session = new Session();
