// Possible duplicates the store does not refuse: the store keys a site by host, port, path and
// query, so "www.stp.sonha.gov.vn" and "stp.sonha.gov.vn" are two sites to it, although they are
// almost always one portal. The site form warns before adding such a twin; it does not refuse.

/** The host (without "www."), port, path and query a typed address names; null when it names none. */
export function twinKey(input: string): string | null {
  const typed = input.trim();
  if (!typed) return null;
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(typed) ? typed : `https://${typed}`);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  const host = u.hostname.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
  if (!host) return null;
  const path = u.pathname.replace(/\/+$/, '');
  return `${host}${u.port ? `:${u.port}` : ''}${path}/${u.search}`;
}

/** Whether the address starts with "www." (after the scheme). */
function hasWww(input: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/)?www\./i.test(input.trim());
}

/**
 * A listed site whose address differs from `input` only by a "www." prefix, other than the site
 * being edited (`selfId`). Exact duplicates are the store's to refuse, so they are not reported.
 */
export function wwwTwin<T extends { id: number; url: string }>(input: string, sites: readonly T[], selfId: number | null): T | null {
  const key = twinKey(input);
  if (key === null) return null;
  return (
    sites.find((s) => s.id !== selfId && twinKey(s.url) === key && hasWww(s.url) !== hasWww(input)) ?? null
  );
}
