// Form checks with Vietnamese messages, shown by the form itself: WebKitGTK draws no bubble for
// `required` fields (and its text would be English), so forms use `novalidate` and these.

/** Field id → message; empty when the form may be sent. */
export type FieldErrors = Record<string, string>;

/** A text that must not be blank. */
export function required(value: string | null | undefined, message: string): string | null {
  return value == null || value.trim() === '' ? message : null;
}

/** A whole year in a range (the campaign's year). */
export function yearIn(value: unknown, min: number, max: number): string | null {
  const text = String(value ?? '').trim();
  if (text === '') return 'Hãy nhập năm.';
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) return `Năm phải là số nguyên từ ${min} đến ${max}.`;
  return null;
}

/** Collects the failed checks of a form: each entry is a field id and its check's result. */
export function collect(checks: [string, string | null][]): FieldErrors {
  const out: FieldErrors = {};
  for (const [field, message] of checks) if (message && !(field in out)) out[field] = message;
  return out;
}

/** The first field with an error, in the order the checks were listed (to focus it). */
export function firstInvalid(errors: FieldErrors): string | null {
  return Object.keys(errors)[0] ?? null;
}

/** Focuses the first invalid field of a form, so the keyboard user lands on what to fix. */
export function focusFirst(errors: FieldErrors) {
  const id = firstInvalid(errors);
  if (id && typeof document !== 'undefined') document.getElementById(id)?.focus();
}
