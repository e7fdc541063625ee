/**
 * `kjob check [--format text|json] [--kubernetes-version 1.N] PATH...`
 * Checks Job/CronJob YAML with the same engine as the language server. Directories are searched
 * recursively for .yaml/.yml files. Exit 0 without errors, 1 with errors, 2 for usage or I/O errors.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkText } from '../../core/check/check';
import { displayMessage } from '../../core/check/messages';
import { LineIndex } from '../../core/yaml/lineIndex';
import type { Severity } from '../../core/check/problem';
import { Schema } from '../../core/schema/schema';
import { fromOpenApiV3 } from '../../core/schema/openapi';
import { DEFAULT_KUBERNETES_VERSION } from '../../core/workloads/versions';

const USAGE = `usage: kjob check [--format text|json] [--kubernetes-version 1.N] [--openapi FILE] PATH...

Checks batch/v1 Job and CronJob documents in YAML files as the API server would (plus Job
pitfalls). PATH may be a file or a directory (searched recursively for *.yaml and *.yml).
Other documents (Deployments, ConfigMaps, ...) are ignored.

  --format text|json         output format (default text); json prints one array of
                             {file, line, column, endLine, endColumn, severity, code, path, message}
  --kubernetes-version 1.N   target Kubernetes minor version (default ${DEFAULT_KUBERNETES_VERSION})
  --openapi FILE             check fields and types against this OpenAPI v3 document instead of
                             the bundled ${DEFAULT_KUBERNETES_VERSION} schema, e.g. your cluster's, saved with
                             kubectl get --raw /openapi/v3/apis/batch/v1 > batch-v1.json

Exit status: 0 no errors, 1 errors found, 2 usage or I/O error.`;

export interface CliFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  path: string | null;
  message: string;
}

const SKIP_DIRS = new Set(['node_modules', '.git']);

function collect(path: string, out: string[], errors: string[], explicit: boolean): void {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    errors.push(`kjob check: cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    return;
  }
  if (st.isDirectory()) {
    let names: string[];
    try {
      names = readdirSync(path).sort();
    } catch (e) {
      errors.push(`kjob check: cannot read directory ${path}: ${(e as Error).message}`);
      return;
    }
    for (const n of names) {
      const p = join(path, n);
      let s;
      try {
        s = statSync(p);
      } catch {
        continue; // dangling link inside a tree: not the user's explicit input
      }
      if (s.isDirectory()) {
        if (!SKIP_DIRS.has(n)) collect(p, out, errors, false);
      } else if (/\.ya?ml$/i.test(n)) out.push(p);
    }
  } else if (st.isFile() || explicit) {
    out.push(path);
  }
}

export function findingsFor(file: string, text: string, kubernetesVersion: string, schema?: Schema): CliFinding[] {
  const lines = new LineIndex(text);
  return checkText(text, { kubernetesVersion, severities: {} }, schema ? { schema } : {}).map((p) => {
    const s = lines.positionAt(p.start);
    const e = lines.positionAt(p.end);
    return { file, line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1, severity: p.severity, code: p.code, path: p.path, message: p.message };
  });
}

export async function main(args: string[]): Promise<number> {
  let format = 'text';
  let version = DEFAULT_KUBERNETES_VERSION;
  let openapi: string | undefined;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const val = (name: string): string | undefined => {
      if (a.startsWith(`${name}=`)) return a.slice(name.length + 1);
      if (a === name) return args[++i];
      return undefined;
    };
    if (a === '--help' || a === '-h') {
      process.stdout.write(USAGE + '\n');
      return 0;
    } else if (a === '--format' || a.startsWith('--format=')) {
      const v = val('--format');
      if (v !== 'text' && v !== 'json') {
        process.stderr.write(`kjob check: --format must be text or json\n${USAGE}\n`);
        return 2;
      }
      format = v;
    } else if (a === '--kubernetes-version' || a.startsWith('--kubernetes-version=')) {
      const v = val('--kubernetes-version');
      if (!v || !/^1\.\d+$/.test(v)) {
        process.stderr.write(`kjob check: --kubernetes-version must look like ${DEFAULT_KUBERNETES_VERSION}\n`);
        return 2;
      }
      version = v;
    } else if (a === '--openapi' || a.startsWith('--openapi=')) {
      openapi = val('--openapi');
      if (!openapi) {
        process.stderr.write('kjob check: --openapi needs a file\n');
        return 2;
      }
    } else if (a === '--') {
      paths.push(...args.slice(i + 1));
      break;
    } else if (a.startsWith('-') && a !== '-') {
      process.stderr.write(`kjob check: unknown option ${a}\n${USAGE}\n`);
      return 2;
    } else paths.push(a);
  }
  if (!paths.length) {
    process.stderr.write(`kjob check: no PATH given\n${USAGE}\n`);
    return 2;
  }
  let schema: Schema | undefined;
  if (openapi) {
    try {
      schema = new Schema(fromOpenApiV3(JSON.parse(readFileSync(openapi, 'utf8')), openapi));
    } catch (e) {
      process.stderr.write(`kjob check: cannot use ${openapi} as an OpenAPI v3 document: ${(e as Error).message}\n`);
      return 2;
    }
  }
  const files: string[] = [];
  const ioErrors: string[] = [];
  for (const p of paths) collect(p, files, ioErrors, true);
  const findings: CliFinding[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(f, 'utf8');
    } catch (e) {
      ioErrors.push(`kjob check: cannot read ${f}: ${(e as Error).message}`);
      continue;
    }
    findings.push(...findingsFor(f, text, version, schema));
  }
  if (format === 'json') {
    process.stdout.write(JSON.stringify(findings, null, 2) + '\n');
  } else {
    for (const x of findings) {
      const msg = displayMessage({ start: 0, end: 0, severity: x.severity, code: x.code, path: x.path, message: x.message });
      process.stdout.write(`${x.file}:${x.line}:${x.column}: ${x.severity} [${x.code}] ${msg}\n`);
    }
    const n = (s: Severity) => findings.filter((x) => x.severity === s).length;
    process.stderr.write(`${files.length} file(s) checked: ${n('error')} error(s), ${n('warning')} warning(s), ${n('information') + n('hint')} note(s)\n`);
  }
  for (const e of ioErrors) process.stderr.write(e + '\n');
  if (ioErrors.length) return 2;
  return findings.some((x) => x.severity === 'error') ? 1 : 0;
}
