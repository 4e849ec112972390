// Bounded echoes of user-supplied text in error messages: an uploaded file decides its
// layer names, class names, keys and file names, so a message that quotes them must stay
// short however long they are (a 30 MB class_name, a million layer names). Every import
// message quotes such strings through clip() and lists through listOf().

/** Longest quoted string, in characters, before it is cut with "…". */
export const MAX_ECHO_CHARS = 80;
/** Most list items quoted before "and N more". */
export const MAX_ECHO_ITEMS = 8;

/** `text` cut to `max` characters (the last one "…"); whole code points only. */
export function clip(text: string, max = MAX_ECHO_CHARS): string {
  if (text.length <= max) return text;
  const points = Array.from(text.slice(0, max * 2)); // at most 2 UTF-16 units per code point
  return points.length <= max ? points.join('') : `${points.slice(0, max - 1).join('')}…`;
}

/** A count for a message: "1,234,567" while exact, else "about 4.00e+300" (a file's shapes can claim anything). */
export function showCount(n: number): string {
  return Number.isSafeInteger(n) ? n.toLocaleString('en-US') : `about ${n.toPrecision(3)}`;
}

/** A JSON-ish rendering of any value, clipped: strings quoted, objects as JSON, long ones cut. */
export function show(value: unknown, max = MAX_ECHO_CHARS): string {
  if (typeof value === 'string') return JSON.stringify(clip(value, max));
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return clip(text, max);
}

/** "a, b, c" with each item clipped and at most `max` items, then "and 999,990 more". */
export function listOf(items: readonly string[], max = MAX_ECHO_ITEMS, separator = ', '): string {
  const shown = items.slice(0, max).map((s) => clip(s));
  const rest = items.length - shown.length;
  return rest > 0 ? `${shown.join(separator)} and ${rest.toLocaleString('en-US')} more` : shown.join(separator);
}
