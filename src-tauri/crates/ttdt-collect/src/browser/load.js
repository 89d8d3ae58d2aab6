(() => {
  if (window !== window.top || window.__ttdt) return;
  const s = { lcp: null, lt: [], ls: [], obs: [] };
  Object.defineProperty(window, '__ttdt', { value: s, enumerable: false });
  const watch = (type, cb) => {
    try {
      const o = new PerformanceObserver(list => list.getEntries().forEach(cb));
      o.observe({ type, buffered: true });
      s.obs.push([o, cb]);
    } catch (e) {}
  };
  watch('largest-contentful-paint', e => { s.lcp = e.startTime; });
  watch('longtask', e => { s.lt.push([e.startTime, e.duration]); });
  watch('layout-shift', e => { s.ls.push([e.startTime, e.value, e.hadRecentInput]); });
  s.flush = () => s.obs.forEach(([o, cb]) => o.takeRecords().forEach(cb));
})();
