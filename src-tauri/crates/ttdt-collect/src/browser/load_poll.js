(() => {
  const s = window.__ttdt || {}; if (s.flush) s.flush();
  const p = performance.getEntriesByName('first-contentful-paint')[0];
  return [p ? p.startTime : null, (s.lt || []).length, (s.ls || []).length, s.lcp ?? null];
})()
