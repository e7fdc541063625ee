/**
 * Exec credential plugins (aws, gke-gcloud-auth-plugin, kubelogin) are found on PATH. When VS Code
 * starts from a desktop launcher its PATH lacks what the login shell adds, so kubectl works in a
 * terminal and the extension fails. We read the login shell's PATH once and resolve each exec
 * plugin to an absolute command; a plugin found nowhere is reported with its `installHint`.
 * Pure helpers here; readLoginShellPath does the one child process.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';
import type { RawKubeconfig } from './kubeconfig';

export const PATH_MARKER = '__KJOB_PATH__';

/** Picks the PATH printed between markers out of shell output that may contain rc-file noise. */
export function extractMarkedPath(stdout: string, marker = PATH_MARKER): string | undefined {
  const start = stdout.indexOf(marker);
  if (start < 0) return undefined;
  const end = stdout.indexOf(marker, start + marker.length);
  if (end < 0) return undefined;
  const p = stdout.slice(start + marker.length, end).trim();
  return p || undefined;
}

/** Joins PATH lists, keeping the first occurrence of each entry. */
export function mergePathLists(delimiter: string, ...lists: (string | undefined)[]): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const l of lists) {
    for (const d of (l ?? '').split(delimiter)) {
      if (!d || seen.has(d)) continue;
      seen.add(d);
      out.push(d);
    }
  }
  return out.join(delimiter);
}

export function defaultIsExecutable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of `command` on `searchPath`, or undefined. Commands with a separator are checked as given. */
export function findOnPath(
  command: string,
  searchPath: string,
  isExecutable: (p: string) => boolean = defaultIsExecutable,
  delimiter = path.delimiter,
  extensions: string[] = process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''],
): string | undefined {
  if (command.includes('/') || command.includes(path.sep)) return isExecutable(command) ? command : undefined;
  for (const dir of searchPath.split(delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = path.join(dir, command + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

export interface MissingPlugin {
  user: string;
  command: string;
  installHint?: string;
}

/**
 * Returns a copy of the kubeconfig whose exec plugins use absolute commands and carry the merged
 * PATH in their env (so the plugin's own children resolve too), plus the plugins found nowhere.
 */
export function resolveExecPlugins(
  raw: RawKubeconfig,
  searchPath: string,
  isExecutable: (p: string) => boolean = defaultIsExecutable,
  delimiter = path.delimiter,
): { raw: RawKubeconfig; missing: MissingPlugin[] } {
  const missing: MissingPlugin[] = [];
  const users = raw.users.map((u) => {
    const inner = (u.user ?? {}) as Record<string, unknown>;
    const exec = inner.exec as Record<string, unknown> | undefined;
    if (!exec || typeof exec.command !== 'string') return u;
    const found = findOnPath(exec.command, searchPath, isExecutable, delimiter);
    if (!found) {
      missing.push({
        user: u.name,
        command: exec.command,
        ...(typeof exec.installHint === 'string' ? { installHint: exec.installHint } : {}),
      });
      return u;
    }
    const env = Array.isArray(exec.env) ? (exec.env as { name: string; value: string }[]).filter((e) => e && e.name !== 'PATH') : [];
    const ownPath = Array.isArray(exec.env) ? (exec.env as { name: string; value: string }[]).find((e) => e && e.name === 'PATH')?.value : undefined;
    env.push({ name: 'PATH', value: mergePathLists(delimiter, ownPath, searchPath) });
    return { ...u, user: { ...inner, exec: { ...exec, command: found, env } } };
  });
  return { raw: { ...raw, users }, missing };
}

/**
 * Reads PATH from the user's login shell (`$SHELL -ilc`), with a timeout; undefined on failure
 * or on Windows (where GUI apps already see the user PATH).
 */
export function readLoginShellPath(shell = process.env.SHELL, timeoutMs = 5000): Promise<string | undefined> {
  if (process.platform === 'win32' || !shell) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile(
      shell,
      ['-ilc', `printf '%s' "${PATH_MARKER}\${PATH}${PATH_MARKER}"`],
      { timeout: timeoutMs, env: { ...process.env, KJOB_RESOLVING_SHELL_ENV: '1' }, maxBuffer: 1024 * 1024 },
      (err, stdout) => resolve(err && !stdout ? undefined : extractMarkedPath(String(stdout))),
    );
  });
}
