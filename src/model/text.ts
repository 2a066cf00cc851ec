/**
 * Characters that make text display as something else: C0 controls and DEL,
 * C1 controls (U+0080-U+009F), the line and paragraph separators (U+2028,
 * U+2029), and the bidirectional marks, embeddings, overrides and isolates
 * (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069). Validation refuses
 * them in every field; the script quoting functions and the log never write
 * them raw.
 */
export const UNSAFE_CHARACTER =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** The text with each of UNSAFE_CHARACTER written as a visible `\\uXXXX` escape: one line, no spoofing. */
export function escapeUnsafeCharacters(text: string): string {
  return text.replace(
    new RegExp(UNSAFE_CHARACTER.source, 'g'),
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
