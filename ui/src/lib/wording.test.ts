// No English in front of the user: the shown text of every component, the Vietnamese messages the
// scripts build, and the Rust errors' user messages.
import { describe, expect, it } from 'vitest';
import { englishWords, findEnglish, rustUserMessages, svelteTexts, visibleFileInputs } from './wording';

const ui = import.meta.glob<string>(['../**/*.svelte', '../**/*.ts', '!../**/*.test.ts', '!./bindings.ts', '!./wording.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
const rust = import.meta.glob<string>('../../../src-tauri/crates/ttdt-model/src/error.rs', { query: '?raw', import: 'default', eager: true });

describe('the scanner', () => {
  it('finds English words and internal names, and lets names and formats through', () => {
    expect(englishWords('Choose File — no file selected')).toEqual(['Choose', 'File', 'no', 'file', 'selected']);
    expect(englishWords('tool_outcome: ∅ → needs_review')).toEqual(['tool_outcome', 'needs_review']);
    expect(englishWords('Kiểm tra: emc.homepage')).toEqual(['emc.homepage']);
    expect(englishWords('Mã EMC, tệp Excel, CSV hoặc PDF tại stp.sonha.gov.vn; Enter mở')).toEqual([]);
    expect(englishWords('An toàn thông tin, cần tin cậy, do Sở ban hành')).toEqual([]);
  });
  it('reads text, shown attributes and expressions of markup, not the code around them', () => {
    const src = `<script>const a = 'ok'; const b = 'Save now';</script>
      <button title="Save" class="error" onclick={() => go('file')}>Lưu {x ? 'Saved' : 'Đã lưu'}</button>
      {#if s === 'finalised'}<input placeholder={\`Search \${q}\`} />{/if}<style>.error{}</style>`;
    const texts = svelteTexts(src);
    expect(texts).toEqual(expect.arrayContaining(['Save', 'Lưu', 'Saved', 'Đã lưu', 'Search']));
    expect(texts.join(' ')).not.toMatch(/finalised|file|error|ok/);
    expect(visibleFileInputs('<input type="file" accept=".pdf" />')).toHaveLength(1);
    expect(visibleFileInputs('<input type="file" hidden />')).toHaveLength(0);
  });
  it('reads the Rust messages but not the values a match compares', () => {
    const rs = `pub fn user_message(&self) -> String { match self { X => match *e { "campaign" => "chiến dịch", _ => "mục" }, Y => format!("File {p} not found") } }`;
    expect(rustUserMessages(rs)).toEqual(['chiến dịch', 'mục', 'File   not found']);
  });
});

describe('the product text', () => {
  it('sees the sources and the Rust errors', () => {
    expect(Object.keys(ui)).toContain('../App.svelte');
    expect(rustUserMessages(Object.values(rust)[0] ?? '').length).toBeGreaterThan(20);
  });
  it('shows no English to the user', () => {
    const findings = [
      ...Object.entries(ui).flatMap(([file, src]) => findEnglish(file, src)),
      ...Object.entries(rust).flatMap(([file, src]) => findEnglish(file, src)),
    ];
    expect(findings).toEqual([]);
  });
});
