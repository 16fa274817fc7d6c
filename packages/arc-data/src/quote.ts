// How any input is shown in an error message: quoted, control characters escaped, and cut to
// QUOTE_MAX characters, so a 100,000-digit literal or a 10k-character hash gives a one-line
// error of bounded size. Every error path that echoes input goes through this; file contents
// are never echoed at all (a file that is not a task is named, not shown).

/** Most characters of an input an error message repeats. */
export const QUOTE_MAX = 80;

/** `'text'`, or `'first 80 characters...' (N characters)` when longer; one line whatever it holds. */
export function quote(input: string, max = QUOTE_MAX): string {
  const chars = [...input];
  const shown = chars.length > max ? chars.slice(0, max).join('') : input;
  // JSON escaping turns newlines, tabs and other control characters into visible escapes.
  const body = JSON.stringify(shown).slice(1, -1).replace(/'/g, "\\'");
  return chars.length > max ? `'${body}...' (${chars.length} characters)` : `'${body}'`;
}

/** Names listed in one message: at most this many, the rest counted. */
export const LIST_MAX = 5;

/** `'a', 'b', 'c' and 7 more`: a list of inputs of bounded length, each quoted. */
export function quoteList(items: readonly string[]): string {
  const shown = items.slice(0, LIST_MAX).map((s) => quote(s));
  return items.length > LIST_MAX ? `${shown.join(', ')} and ${items.length - LIST_MAX} more` : shown.join(', ');
}
