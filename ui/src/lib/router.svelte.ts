// Hash routing: the address says which page is shown, so reloads and back/forward work.

export type Route =
  | { page: 'campaigns' }
  | { page: 'sites'; campaignId: number }
  | { page: 'site'; siteId: number; code?: string }
  | { page: 'criteria'; campaignId: number }
  | { page: 'reports'; campaignId: number }
  | { page: 'queue'; campaignId: number }
  | { page: 'home' };

/** Parses "#/campaigns/3/sites", "#/sites/7?code=QL.01" and friends; anything unknown is the home route. */
export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const parts = path.split('/').filter(Boolean);
  const id = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : null);
  if (parts[0] === 'campaigns' && parts.length === 1) return { page: 'campaigns' };
  if (parts[0] === 'campaigns' && parts.length === 3) {
    const campaignId = id(parts[1]);
    if (campaignId !== null && (parts[2] === 'sites' || parts[2] === 'criteria' || parts[2] === 'reports' || parts[2] === 'queue')) {
      return { page: parts[2], campaignId };
    }
  }
  if (parts[0] === 'sites' && parts.length === 2) {
    const siteId = id(parts[1]);
    // A criterion to open the page on, e.g. from the work queue.
    const code = new URLSearchParams(query).get('code')?.trim();
    if (siteId !== null) return code ? { page: 'site', siteId, code } : { page: 'site', siteId };
  }
  return { page: 'home' };
}

export function routeHash(r: Route): string {
  switch (r.page) {
    case 'campaigns':
      return '#/campaigns';
    case 'sites':
    case 'criteria':
    case 'reports':
    case 'queue':
      return `#/campaigns/${r.campaignId}/${r.page}`;
    case 'site':
      return r.code ? `#/sites/${r.siteId}?code=${encodeURIComponent(r.code)}` : `#/sites/${r.siteId}`;
    case 'home':
      return '#/';
  }
}

class Router {
  route = $state<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        this.route = parseRoute(location.hash);
      });
    }
  }

  go(r: Route) {
    const h = routeHash(r);
    if (location.hash !== h) location.hash = h;
    this.route = r;
  }
}

export const router = new Router();
