// Finds English (or internal) words in what the UI shows: the text and the shown attributes of
// Svelte markup, and the Vietnamese strings of the scripts. Pure: it reads the sources it is given.

/** Words a Vietnamese user should never meet in the product's text. Words that are also
 * Vietnamese syllables without their marks ("an", "can", "do", "in", "to", "so", "me", "ban", "hay")
 * are left out, since they cannot be told apart. */
const ENGLISH = new Set(
  `about add added all and any apply are attach attachment back blank block browse by cancel
  change changed choose chosen clear click close closed code column commune confirm copy create created
  criteria criterion dashboard data delete deleted department details district document documents done
  download draft drag drop edit empty enter error errors evidence export failed fail failure false field file
  files fill filter finalised finalized found from has have header help here hide import invalid is it
  level list load loading message ministry missing more name needs new next no none not note notes null
  of ok on open or out outcome page pages pass passed please points preview previous province provincial
  ranking remove report reports required reset result results review reviewer row rows run save saved
  saving scan scanning score search select selected settings sheet show site sites status submit
  submitted success the this tool total true undefined unknown unreachable update updated upload valid
  warning with yes`.split(/\s+/),
);

/** Names, formats and keys written as they are (case-sensitive). */
export const ALLOWED = new Set(
  `EMC URL Excel CSV PDF JSON TOML HTTP HTTPS DNS TLS IPv6 IPv4 Chromium Chrome Google Microsoft Edge
  Workbench TTĐT XLSX XLS ODS ODT DOCX PNG JPEG SHA UTF Ctrl Alt Shift Enter Esc Delete Insert Tab Home End F1 F2
  TTDT_CHROME ttdt`.split(/\s+/),
);

/** Attributes whose text the user sees or hears. */
const SHOWN_ATTRIBUTES = ['placeholder', 'title', 'aria-label', 'alt', 'label'];

export interface Finding {
  file: string;
  word: string;
  text: string;
}

/** The words of a shown text that are English or internal identifiers (snake_case, dotted ids). */
export function englishWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}_]+(?:\.[a-z_]+)*/gu)) {
    const w = m[0];
    if (ALLOWED.has(w)) continue;
    if (/^[a-z]+(?:_[a-z]+)+$/.test(w) || /^[a-z]+\.[a-z_]+$/.test(w)) {
      // needs_review, tool_outcome, emc.homepage: the code's names, not words.
      if (!/\.(?:vn|com|net|org)$/.test(w)) out.push(w);
      continue;
    }
    if (ENGLISH.has(w.toLowerCase())) out.push(w);
  }
  return out;
}

/** The end of a `{…}` expression starting at `from` (the index of `{`), braces and strings balanced. */
function closingBrace(src: string, from: number): number {
  let depth = 0;
  for (let i = from; i < src.length; i++) {
    const c = src[i];
    if (c === "'" || c === '"' || c === '`') {
      i = stringEnd(src, i);
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return src.length - 1;
}

function stringEnd(src: string, from: number): number {
  const q = src[from];
  for (let i = from + 1; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (q === '`' && src[i] === '$' && src[i + 1] === '{') i = closingBrace(src, i + 1);
    else if (src[i] === q) return i;
  }
  return src.length - 1;
}

/** The string literals of a piece of code; template literals give their static text. */
export function stringLiterals(code: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '/' && code[i + 1] === '/') {
      i = code.indexOf('\n', i);
      if (i < 0) break;
      continue;
    }
    if (c === '/' && code[i + 1] === '*') {
      i = code.indexOf('*/', i);
      if (i < 0) break;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') {
      const end = stringEnd(code, i);
      let body = code.slice(i + 1, end);
      if (c === '`') body = body.replace(/\$\{[^}]*\}/g, ' ');
      out.push(body);
      i = end;
    }
  }
  return out;
}

/** A literal inside markup that is text for the user rather than a value compared in code. */
function looksShown(s: string): boolean {
  return /[^\x00-\x7f]|\s|^[A-Z]/.test(s);
}

/** The shown texts of a Svelte component: text nodes, shown attributes, and literals in their expressions. */
export function svelteTexts(src: string): string[] {
  const texts: string[] = [];
  const markup = src
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(kbd|code)>[\s\S]*?<\/\1>/g, ' ');
  const expression = (expr: string) => {
    // Block tags ({#if …}, {:else if …}) compare values; their literals are code.
    if (/^\{[#:/@]/.test(expr) && !/^\{@html/.test(expr)) return;
    for (const lit of stringLiterals(expr.slice(1, -1))) if (looksShown(lit)) texts.push(lit);
  };
  let i = 0;
  let text = '';
  while (i < markup.length) {
    const c = markup[i];
    if (c === '{') {
      const end = closingBrace(markup, i);
      expression(markup.slice(i, end + 1));
      text += ' ';
      i = end + 1;
    } else if (c === '<' && /[a-zA-Z/!]/.test(markup[i + 1] ?? '')) {
      texts.push(text);
      text = '';
      let j = i + 1;
      // A tag: scan to its '>' outside expressions and quotes, reading its shown attributes.
      let tag = '';
      while (j < markup.length && markup[j] !== '>') {
        if (markup[j] === '{') {
          const end = closingBrace(markup, j);
          tag += markup.slice(j, end + 1);
          j = end + 1;
        } else if (markup[j] === '"' || markup[j] === "'") {
          const end = markup.indexOf(markup[j], j + 1);
          tag += markup.slice(j, end + 1);
          j = end + 1;
        } else tag += markup[j++];
      }
      for (const name of SHOWN_ATTRIBUTES) {
        const re = new RegExp(`\\s${name}=(?:"([^"]*)"|(\\{))`, 'g');
        for (const m of tag.matchAll(re)) {
          if (m[1] !== undefined) {
            texts.push(m[1].replace(/\{[^}]*\}/g, ' '));
            for (const e of m[1].matchAll(/\{[^}]*\}/g)) expression(e[0]);
          } else {
            const start = (m.index ?? 0) + m[0].length - 1;
            expression(tag.slice(start, closingBrace(tag, start) + 1));
          }
        }
      }
      i = j + 1;
    } else {
      text += c;
      i++;
    }
  }
  texts.push(text);
  return texts.map((t) => t.replace(/&nbsp;/g, ' ').trim()).filter(Boolean);
}

/** The Vietnamese strings of a script: the messages it builds for the user. */
export function scriptTexts(src: string): string[] {
  return stringLiterals(src).filter((s) => /[À-ỹĐđ]/.test(s));
}

/** The user messages of the Rust `Error::user_message`, without the values its `match` arms compare. */
export function rustUserMessages(errorRs: string): string[] {
  const start = errorRs.indexOf('pub fn user_message');
  if (start < 0) return [];
  const open = errorRs.indexOf('{', start);
  const body = errorRs.slice(open, closingBrace(errorRs, open) + 1);
  const out: string[] = [];
  for (const m of body.matchAll(/"((?:[^"\\]|\\.)*)"(\s*(?:=>|\|))?/g)) {
    if (m[2]) continue;
    out.push(m[1].replace(/\{[^}]*\}/g, ' '));
  }
  return out;
}

/** A native file chooser left visible: WebKitGTK labels it in English ("Choose File", "no file selected"). */
export function visibleFileInputs(src: string): string[] {
  return [...src.matchAll(/<input\b[^>]*type="file"[^>]*>/g)]
    .map((m) => m[0])
    .filter((tag) => !/\shidden[\s/>=]|class="[^"]*\b(?:visually-)?hidden\b|display:\s*none/.test(tag));
}

/** Everything English a file shows. */
export function findEnglish(file: string, src: string): Finding[] {
  const texts = file.endsWith('.svelte')
    ? [...svelteTexts(src), ...scriptTexts((src.match(/<script[\s\S]*?<\/script>/g) ?? []).join('\n'))]
    : file.endsWith('.rs')
      ? rustUserMessages(src)
      : scriptTexts(src);
  const out: Finding[] = [];
  for (const text of texts) for (const word of englishWords(text)) out.push({ file, word, text: text.slice(0, 120) });
  if (file.endsWith('.svelte')) {
    for (const tag of visibleFileInputs(src)) out.push({ file, word: 'Choose File', text: tag.slice(0, 120) });
  }
  return out;
}
