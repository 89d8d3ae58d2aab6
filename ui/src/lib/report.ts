// Pure helpers for the reports page.
import type { BlockRanking } from './bindings';

/** How many ranked sites of a block fall in each 10-point band of the percentage (0–10 … 90–100). */
export function distribution(block: BlockRanking): number[] {
  const bins = new Array(10).fill(0);
  for (const r of block.sites) {
    const p = r.site.card.percent;
    if (p === null || r.rank === null) continue;
    bins[Math.min(9, Math.max(0, Math.floor(p / 10)))] += 1;
  }
  return bins;
}

/** Percent with a decimal comma: 84,5 %. */
export function formatPercent(p: number | null): string {
  if (p === null) return '—';
  return `${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(p)} %`;
}
