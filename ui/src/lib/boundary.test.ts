// Invariant: only src/lib/api.ts talks to the backend.
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob<string>(['../**/*.ts', '../**/*.svelte', '!../**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('backend boundary', () => {
  it('sees the UI sources', () => {
    expect(Object.keys(sources)).toContain('../App.svelte');
    expect(Object.keys(sources).length).toBeGreaterThan(10);
  });
  it('imports @tauri-apps/api and the plugins only from lib/api.ts', () => {
    const offenders = Object.entries(sources)
      .filter(([, text]) => /@tauri-apps\/(api|plugin-)|__TAURI/.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual(['./api.ts']);
  });
});
