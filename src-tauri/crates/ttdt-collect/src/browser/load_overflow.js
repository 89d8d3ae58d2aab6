new Promise(r => setTimeout(() => {
  const e = document.scrollingElement || document.documentElement;
  r({ sw: e ? e.scrollWidth : 0, iw: window.innerWidth });
}, 300))
