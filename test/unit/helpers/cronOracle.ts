/**
 * Runs robfig/cron/v3 itself (test/cron-oracle, a Go program built on first use into
 * ~/.cache/kjob/cron-oracle-<hash>) on a batch of requests. Go is required: a missing toolchain
 * fails the test that asks. The zone database is Go's own zoneinfo.zip (the tz release
 * kube-controller-manager embeds with time/tzdata), not the host's /usr/share/zoneinfo.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface OracleRequest {
  schedule: string;
  timeZone: string | null;
  from: number;
  count: number;
}

export interface OracleResponse {
  runs?: number[];
  error?: string;
}

const SRC = join(__dirname, '..', '..', 'cron-oracle');

export function oracleBinary(): string {
  const hash = createHash('sha256');
  for (const f of ['main.go', 'go.mod', 'go.sum']) hash.update(readFileSync(join(SRC, f)));
  const dir = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kjob');
  const bin = join(dir, `cron-oracle-${hash.digest('hex').slice(0, 12)}`);
  if (!existsSync(bin)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('go', ['build', '-o', bin, '.'], { cwd: SRC, env: { ...process.env, GOFLAGS: '-mod=mod', GOTOOLCHAIN: 'local' }, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  return bin;
}

export function goRoot(): string {
  return execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
}

export function runOracle(reqs: OracleRequest[]): OracleResponse[] {
  const bin = oracleBinary();
  const input = reqs.map((r) => JSON.stringify(r)).join('\n') + '\n';
  const out = execFileSync(bin, [], { input, env: { ...process.env, ZONEINFO: join(goRoot(), 'lib', 'time', 'zoneinfo.zip') }, maxBuffer: 1 << 28, encoding: 'utf8' });
  const lines = out.trim().split('\n');
  if (lines.length !== reqs.length) throw new Error(`cron-oracle answered ${lines.length} of ${reqs.length} requests`);
  return lines.map((l) => JSON.parse(l) as OracleResponse);
}
