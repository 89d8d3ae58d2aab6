// Invariant: only src/lib/api.ts talks to the backend.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('backend boundary', () => {
  it('imports @tauri-apps/api only from lib/api.ts', () => {
    const offenders = files(root)
      .filter((f) => /@tauri-apps\/api|__TAURI/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual(['lib/api.ts']);
  });
});
