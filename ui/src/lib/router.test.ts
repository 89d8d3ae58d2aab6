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
      { page: 'site', siteId: 7, code: 'QL.01' },
      { page: 'queue', campaignId: 4 },
    ];
    for (const r of routes) expect(parseRoute(routeHash(r))).toEqual(r);
  });
  it('sends anything unknown home', () => {
    expect(parseRoute('')).toEqual({ page: 'home' });
    expect(parseRoute('#/campaigns/abc/sites')).toEqual({ page: 'home' });
    expect(parseRoute('#/campaigns/1/unknown')).toEqual({ page: 'home' });
    expect(parseRoute('#/sites/1.5')).toEqual({ page: 'home' });
  });
  it('opens a site on a criterion', () => {
    expect(routeHash({ page: 'site', siteId: 7, code: 'QL.01' })).toBe('#/sites/7?code=QL.01');
    expect(parseRoute('#/sites/7?code=CT.16')).toEqual({ page: 'site', siteId: 7, code: 'CT.16' });
    expect(parseRoute('#/sites/7?code=')).toEqual({ page: 'site', siteId: 7 });
    expect(parseRoute('#/sites/x?code=QL.01')).toEqual({ page: 'home' });
    expect(parseRoute('#/campaigns/2/queue')).toEqual({ page: 'queue', campaignId: 2 });
  });
});
