/** Loads the corpus (test/corpus/*.yaml): each manifest with the API server's expected create result. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusCase {
  name: string;
  file: string;
  text: string;
  /** server-crash: the real server aborts the request (an upstream bug); kjob reports `errors`. */
  expect: 'valid' | 'invalid' | 'decode-error' | 'server-crash';
  /** "<path> <ErrorType>" entries, duplicates included. */
  errors: string[];
  /** Warning field paths. */
  warnings: string[];
}

export const CORPUS_DIR = join(__dirname, '..', '..', 'corpus');

export function loadCorpus(dir = CORPUS_DIR): CorpusCase[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const text = readFileSync(join(dir, f), 'utf8');
      const c: CorpusCase = { name: f.replace(/\.yaml$/, ''), file: join(dir, f), text, expect: 'valid', errors: [], warnings: [] };
      for (const line of text.split('\n')) {
        if (!line.startsWith('#')) break;
        const m = /^# (expect|error|warning): (.*)$/.exec(line);
        if (!m) continue;
        if (m[1] === 'expect') c.expect = m[2]!.trim() as CorpusCase['expect'];
        else if (m[1] === 'error') c.errors.push(m[2]!.trim());
        else c.warnings.push(m[2]!.trim());
      }
      return c;
    });
}

export function sorted(xs: string[]): string[] {
  return [...xs].sort();
}
