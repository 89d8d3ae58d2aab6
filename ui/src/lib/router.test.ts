import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from './router.svelte';

describe('routes', () => {
  it('parses every page and round-trips', () => {
    const routes: Route[] = [
      { page: 'campaigns' },
      { page: 'sites', campaignId: 3 },
      { page: 'criteria', campaignId: 3 },
      { page: 'reports', campaignId: 12 },
      { page: 'site', siteId: 7 },
    ];
    for (const r of routes) expect(parseRoute(routeHash(r))).toEqual(r);
  });
  it('sends anything unknown home', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/campaigns/abc/sites')).toEqual({ page: 'home' });
    expect(parseRoute('#/campaigns/1/unknown')).toEqual({ page: 'home' });
    expect(parseRoute('#/sites/1.5')).toEqual({ page: 'home' });
  });
});
