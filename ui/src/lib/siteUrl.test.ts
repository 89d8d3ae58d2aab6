import { describe, expect, it } from 'vitest';
import { twinKey, wwwTwin } from './siteUrl';

const sites = [
  { id: 1, url: 'https://stp.sonha.gov.vn/' },
  { id: 2, url: 'https://www.syt.sonha.gov.vn/' },
  { id: 3, url: 'http://127.0.0.1:8080/cong/' },
];

describe('www twins', () => {
  it('finds the portal an address names with or without "www."', () => {
    expect(wwwTwin('www.stp.sonha.gov.vn', sites, null)?.id).toBe(1);
    expect(wwwTwin('HTTP://WWW.STP.SONHA.GOV.VN/', sites, null)?.id).toBe(1);
    expect(wwwTwin('syt.sonha.gov.vn', sites, null)?.id).toBe(2);
  });
  it('says nothing of other portals, exact duplicates, or the site being edited', () => {
    expect(wwwTwin('www.sgd.sonha.gov.vn', sites, null)).toBeNull();
    expect(wwwTwin('stp.sonha.gov.vn', sites, null)).toBeNull();
    expect(wwwTwin('www.stp.sonha.gov.vn', sites, 1)).toBeNull();
    expect(wwwTwin('www.stp.sonha.gov.vn/tin-tuc', sites, null)).toBeNull();
  });
  it('keys by host without www, port and path, like the store', () => {
    expect(twinKey('https://www.STP.sonha.gov.vn:8443/a/')).toBe('stp.sonha.gov.vn:8443/a/');
    expect(twinKey('http://127.0.0.1:8080/cong')).toBe('127.0.0.1:8080/cong/');
    expect(twinKey('ftp://stp.sonha.gov.vn')).toBeNull();
    expect(twinKey('   ')).toBeNull();
  });
});
