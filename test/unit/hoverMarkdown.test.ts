/**
 * Issue #16 item 6: user text in hover Markdown stays text. A map key such as
 * x`![t](https://attacker.example/p.png) must not become an image the editor loads on hover.
 * Rendered with markdown-it (CommonMark, as the editor's renderer follows it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { LanguageService } from '../../server/src/service/languageService';
import { codeSpan, escapeMarkdown } from '../../core/hover/markdown';

// markdown-it (a dependency of @vscode/vsce) ships no types: the little used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new () => { render(s: string): string; renderInline(s: string): string; utils: { escapeHtml(s: string): string } };
const md = new MarkdownIt();
const svc = new LanguageService();

function hoverMarkdown(text: string, line: number, character: number): string {
  const h = svc.hover({ uri: `file:///hover/${Math.random()}.yaml`, version: 1, getText: () => text }, { line, character });
  assert.ok(h, 'a hover');
  return (h.contents as { value: string }).value;
}

const ATTACK = 'x`![t](https://attacker.example/p.png)';

for (const [what, key] of [
  ['a backtick then an image', ATTACK],
  ['a blank line then an image', 'x\n\n![t](https://attacker.example/p.png)'],
  ['a link and HTML', '[click](https://attacker.example/) <img src=https://attacker.example/p.png>'],
  ['backtick runs', '``` `![t](https://attacker.example/p.png)` ```'],
] as const) {
  test(`hover on a label key with ${what}: no image, link or HTML, the key shown as text`, () => {
    const text = `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\n  labels:\n    ${JSON.stringify(key)}: v\n`;
    const html = md.render(hoverMarkdown(text, 5, 6));
    assert.doesNotMatch(html, /<img|<a\s|<script/, html);
    const shown = key.replace(/\n/g, ' ');
    assert.ok(html.includes(md.utils.escapeHtml(shown)), `the key appears literally:\n${html}`);
  });
}

test('field hovers are unchanged: name in bold, API path in a code span', () => {
  const text = 'apiVersion: batch/v1\nkind: Job\nspec:\n  backoffLimit: 3\n';
  const m = hoverMarkdown(text, 3, 4);
  assert.ok(m.startsWith('**backoffLimit** `integer'), m);
  assert.ok(m.includes('\n`spec.backoffLimit`'), m);
});

/** Any text except NUL (CommonMark replaces it) and a lone surrogate (not text). */
const userText = fc.string({ unit: fc.oneof(fc.constantFrom('`', '\\', '*', '_', '[', ']', '(', ')', '!', '<', '>', '&', '#', '|', ' ', '\n', '\r', '\t', '-', '+', '.', ':', '~', '='), fc.integer({ min: 1, max: 0x2fff }).map((c) => String.fromCharCode(c))), maxLength: 40 }).filter((s) => !s.includes('\u0000'));

/** The text content of rendered HTML, or undefined when it holds any tag but the allowed ones. */
function onlyText(html: string, allowed: string[]): string | undefined {
  const tags = html.match(/<\/?[a-z][^>]*>/g) ?? [];
  if (tags.some((t) => !allowed.includes(t.replace(/^<\/?/, '').replace(/>$/, '')))) return undefined;
  return html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

test('escapeMarkdown: any text renders as exactly that text (line breaks as spaces), no markup', () => {
  fc.assert(
    fc.property(userText, (s) => {
      const html = md.renderInline(`a${escapeMarkdown(s)}a`);
      assert.equal(onlyText(html, []), `a${s.replace(/\r\n|[\n\r]/g, ' ')}a`, html);
    }),
    { numRuns: 3000, seed: 16 },
  );
});

test('codeSpan: any text renders as one code span holding exactly that text (line breaks as spaces)', () => {
  fc.assert(
    fc.property(userText.filter((s) => s !== ''), (s) => {
      const html = md.renderInline(`a ${codeSpan(s)} a`);
      const inner = /^a <code>([\s\S]*)<\/code> a$/.exec(html)?.[1];
      assert.ok(inner !== undefined, html);
      const t = s.replace(/\r\n|[\n\r]/g, ' ');
      // CommonMark drops the padding space kjob adds (and only that).
      assert.equal(onlyText(inner, []), t, html);
    }),
    { numRuns: 3000, seed: 16 },
  );
});
