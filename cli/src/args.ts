/** Argument parsing and input reading shared by the CLI subcommands. */
import { readFileSync } from 'node:fs';

export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string>;
  errors: string[];
}

export function parseArgs(args: string[], valued: string[], booleans: string[] = []): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: {}, errors: [] };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (booleans.includes(key)) {
        out.flags[key] = 'true';
        continue;
      }
      if (!valued.includes(key)) {
        out.errors.push(`unknown option --${key}`);
        continue;
      }
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined) out.errors.push(`--${key} needs a value`);
      else out.flags[key] = v;
    } else out.positional.push(a);
  }
  return out;
}

export function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${what} ${path} is not valid JSON: ${(e as Error).message}`);
  }
}

export class UsageError extends Error {}
