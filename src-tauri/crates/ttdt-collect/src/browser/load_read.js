(() => {
  const s = window.__ttdt || {}; if (s.flush) s.flush();
  const nav = performance.getEntriesByType('navigation')[0];
  const p = performance.getEntriesByName('first-contentful-paint')[0];
  return { timeOrigin: performance.timeOrigin, fcp: p ? p.startTime : null, lcp: s.lcp ?? null,
           lt: s.lt || [], ls: s.ls || [], ttfb: nav ? nav.responseStart : null };
})()
