/**
 * User text in Markdown (hovers): map keys, values and paths are the user's, and the editor renders
 * the Markdown, so a key such as x`![t](https://host/p.png) must stay text, not become an image
 * the editor loads. Two forms: escaped text, and a code span that no backtick can close.
 */

const LINE_BREAKS = /\r\n|[\n\r\u2028\u2029]/g;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/** `text` as literal Markdown text: every ASCII punctuation character backslash-escaped, on one line. */
export function escapeMarkdown(text: string): string {
  return text.replace(LINE_BREAKS, ' ').replace(ASCII_PUNCTUATION, (c) => `\\${c}`);
}

/**
 * `text` as a Markdown code span: delimited by one backtick more than its longest backtick run
 * (CommonMark), padded where CommonMark would take a backtick or space for delimiting, on one line (a blank line would end
 * the paragraph, and the span, early).
 */
export function codeSpan(text: string): string {
  const t = text.replace(LINE_BREAKS, ' ');
  if (t === '') return ''; // CommonMark has no empty code span
  let longest = 0;
  let run = 0;
  for (const c of t) {
    run = c === '`' ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = '`'.repeat(longest + 1);
  // A space on each side keeps a leading/trailing backtick off the fence; CommonMark strips one
  // space from each side of a span that starts and ends with one, so such a span gets one more too.
  const spaced = t.startsWith(' ') && t.endsWith(' ') && t.trim() !== '';
  const pad = t.startsWith('`') || t.endsWith('`') || spaced ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}
