// State shared by the pages: the campaigns, the one being worked on, app info and notices.
import { api, ApiError, toApiError } from './api';
import type { AppInfo, Campaign, Reviewer } from './bindings';

const CURRENT_KEY = 'ttdt.currentCampaign';
const SIDEBAR_KEY = 'ttdt.sidebarCollapsed';

/** A button in a notice, e.g. "Mở tệp" after an export. */
export interface NoticeAction {
  label: string;
  run: () => void | Promise<void>;
}

export interface Notice {
  id: number;
  /** ok: done as asked; warn: done, but part of it failed; error: not done. */
  kind: 'ok' | 'warn' | 'error';
  text: string;
  actions: NoticeAction[];
}

/** How long a notice stays, in ms: longer when it reports a problem or offers something to do. */
export function noticeLifetime(kind: Notice['kind'], hasActions: boolean): number {
  const base = kind === 'error' ? 10000 : kind === 'warn' ? 8000 : 4000;
  return hasActions ? Math.max(base, 12000) : base;
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
  /** The sidebar shows only its keys; remembered across launches. */
  sidebarCollapsed = $state(typeof localStorage !== 'undefined' && localStorage.getItem(SIDEBAR_KEY) === '1');
  /** The site last opened from the list: the list focuses its row when the user comes back. */
  lastSiteId = $state<number | null>(null);

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

  toggleSidebar() {
    this.sidebarCollapsed = !this.sidebarCollapsed;
    localStorage.setItem(SIDEBAR_KEY, this.sidebarCollapsed ? '1' : '0');
  }

  notify(kind: Notice['kind'], text: string, actions: NoticeAction[] = []) {
    const n = { id: this.nextNotice++, kind, text, actions };
    this.notices = [...this.notices, n];
    setTimeout(() => this.dismiss(n.id), noticeLifetime(kind, actions.length > 0));
  }

  dismiss(id: number) {
    this.notices = this.notices.filter((n) => n.id !== id);
  }
}

export const session = new Session();
