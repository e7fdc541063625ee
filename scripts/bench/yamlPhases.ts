/**
 * Where the time of opening a big multi-document file goes, in process (no LSP): `yaml`'s
 * phases on the whole text (Lexer, Parser/CST, Composer, parseAllDocuments) vs kjob's chunked
 * parse and check. Usage: node --import tsx scripts/bench/yamlPhases.ts [file.yaml] [rounds]
 * (default: the generated 2,000-Job file).
 */
import { readFileSync } from 'node:fs';
import { Composer, Lexer, Parser, parseAllDocuments } from 'yaml';
import { checkText, checkFile } from '../../core/check/check';
import { parseChunked } from '../../core/check/chunked';
import { parseFile } from '../../core/yaml/document';
import { multiJobFile } from './gen';

const text = process.argv[2] ? readFileSync(process.argv[2], 'utf8') : multiJobFile(2000).text;
const rounds = Number(process.argv[3] ?? 5);
const only = process.env.PHASES?.split(',');
const opts = { version: '1.1', uniqueKeys: false, prettyErrors: false, keepSourceTokens: false, strict: false } as const;

function time(name: string, f: () => unknown): void {
  if (only && !only.includes(name)) return;
  // CPU time of this thread's process (user + system): less sensitive to a loaded machine than wall time.
  const ts: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const s = performance.now();
    const c = process.cpuUsage();
    f();
    const d = process.cpuUsage(c);
    ts.push(performance.now() - s);
    cpu.push((d.user + d.system) / 1000);
  }
  ts.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  console.log(`${name.padEnd(20)} wall median ${ts[ts.length >> 1].toFixed(0)} ms, CPU median ${cpu[cpu.length >> 1].toFixed(0)} ms  (CPU ${cpu.map((x) => x.toFixed(0)).join(' ')})`);
}

time('lexer', () => {
  let n = 0;
  for (const _ of new Lexer().lex(text)) n++;
  return n;
});
time('parser', () => {
  let n = 0;
  for (const _ of new Parser().parse(text)) n++;
  return n;
});
time('compose', () => [...new Composer(opts).compose(new Parser().parse(text))]);
time('parseAllDocuments', () => parseAllDocuments(text, opts));
time('parseChunked', () => {
  const f = parseChunked(text);
  for (const c of f.chunks) void c.data.file;
});
time('parseChunkedFull', () => {
  for (const c of parseChunked(text).chunks) parseFile(c.data.text, { fast: false });
});
time('checkChunks', () => {
  const f = parseChunked(text);
  for (const c of f.chunks) checkFile(c.data.file);
});
time('checkText', () => checkText(text));
