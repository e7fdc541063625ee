/**
 * Log streaming against a scripted HTTP apiserver (plain Node): 20 concurrent container streams
 * arriving in odd-sized chunks lose no line and keep each pod's order; the index/pod prefix is
 * applied; stop aborts at once.
 */
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { LogFollowRun, type FollowSource, type LogSink } from '../../../client/src/cluster/logStream';
import { job, pod } from './fixtures';

const PODS = 20;
const LINES = 5000;

async function server(handler: (pod: string, q: URLSearchParams, res: ServerResponse) => void) {
  const s = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const m = /\/pods\/([^/]+)\/log$/.exec(u.pathname);
    if (!m) {
      res.statusCode = 404;
      return res.end('{}');
    }
    handler(m[1], u.searchParams, res);
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const kc = new KubeConfig();
  kc.loadFromOptions({ clusters: [{ name: 'f', server: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, skipTLSVerify: true }], users: [{ name: 'u' }], contexts: [{ name: 'f', cluster: 'f', user: 'u' }], currentContext: 'f' });
  return { kc, close: () => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); }) };
}

function staticSource(j: ReturnType<typeof job>, pods: ReturnType<typeof pod>[]): FollowSource {
  return { snapshot: () => ({ job: j, pods, jobDeleted: false }), subscribe: () => () => undefined };
}

test(`${PODS} concurrent follows of ${LINES} lines each lose no line and keep order`, async () => {
  const api = await server((podName, q, res) => {
    assert.equal(q.get('timestamps'), 'true');
    let text = '';
    for (let i = 0; i < LINES; i++) text += `2026-01-01T00:00:${String(Math.floor(i / 1000)).padStart(2, '0')}.${String(i % 1000).padStart(3, '0')}000000Z ${podName} line ${i}\n`;
    // Odd chunk sizes split lines (and timestamps) anywhere.
    let at = 0;
    const push = () => {
      while (at < text.length) {
        const n = 1 + ((at * 7919) % 3001);
        if (!res.write(text.slice(at, at + n))) {
          at += n;
          res.once('drain', push);
          return;
        }
        at += n;
      }
      res.end();
    };
    push();
  });
  const j = job('big', { indexed: true, completions: PODS, parallelism: PODS, status: { conditions: [{ type: 'Complete', status: 'True' }] } });
  const pods = Array.from({ length: PODS }, (_, i) => pod(j, `big-${i}`, { index: i, phase: 'Succeeded' }));
  const got = new Map<string, string[]>();
  let markers = 0;
  let ended = '';
  let stats = () => undefined as void;
  const done = new Promise<void>((resolve) => {
    const sink: LogSink = {
      lines: (ls) => {
        for (const l of ls) {
          const m = /^\[(\d+)\/(big-\d+)\] (big-\d+) line (\d+)$/.exec(l);
          assert.ok(m, `unexpected line ${JSON.stringify(l)}`);
          assert.equal(m[2], m[3]);
          let arr = got.get(m[2]);
          if (!arr) got.set(m[2], (arr = []));
          arr.push(m[4]);
        }
      },
      marker: () => markers++,
      end: (r) => {
        ended = r;
        resolve();
      },
    };
    const t0 = performance.now();
    const heap0 = process.memoryUsage().heapUsed;
    const run = new LogFollowRun(api.kc, 'team-a', { kind: 'job' }, staticSource(j, pods), sink);
    run.start();
    stats = () => {
      const ms = performance.now() - t0;
      process.stdout.write(`# ${PODS * LINES} lines in ${ms.toFixed(0)} ms (${Math.round((PODS * LINES) / (ms / 1000))} lines/s); heap ${((process.memoryUsage().heapUsed - heap0) / 1e6).toFixed(1)} MB above start\n`);
    };
  });
  try {
    await done;
    stats();
    assert.match(ended, /Complete/);
    assert.equal(got.size, PODS);
    for (const [p, nums] of got) {
      assert.equal(nums.length, LINES, `${p}: ${nums.length} lines`);
      assert.ok(nums.every((n, i) => Number(n) === i), `${p}: lines out of order`);
    }
    assert.equal(markers, 1, 'only the end marker');
  } finally {
    await api.close();
  }
});

test('stop aborts a follow immediately; nothing arrives afterwards', async () => {
  const open: ServerResponse[] = [];
  const api = await server((podName, _q, res) => {
    res.write(`2026-01-01T00:00:00.000000000Z ${podName} first\n`);
    open.push(res);
  });
  const j = job('w');
  const pods = [pod(j, 'w-1')];
  const lines: string[] = [];
  let ended = '';
  const run = new LogFollowRun(api.kc, 'team-a', { kind: 'container', pod: 'w-1', container: 'main' }, staticSource(j, pods), { lines: (l) => lines.push(...l), marker: () => undefined, end: (r) => (ended = r) });
  try {
    run.start();
    const t0 = Date.now();
    while (!lines.length && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(lines, ['w-1 first']);
    run.stop();
    assert.equal(ended, 'stopped');
    for (const r of open) r.write('2026-01-01T00:00:01.000000000Z late\n');
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(lines, ['w-1 first']);
  } finally {
    open.forEach((r) => r.end());
    await api.close();
  }
});

test('a dropped stream of a running container resumes from its last timestamp: no line lost or repeated', async () => {
  const ts = (i: number) => `2026-01-01T00:00:0${i}.000000000Z`;
  const requests: (string | null)[] = [];
  const j = job('r');
  let pods = [pod(j, 'r-1')];
  const listeners = new Set<() => void>();
  const api = await server((_pod, q, res) => {
    requests.push(q.get('sinceTime'));
    if (requests.length === 1) {
      for (let i = 0; i < 5; i++) res.write(`${ts(i)} line ${i}\n`);
      setTimeout(() => res.destroy(), 100); // connection drop while the container still runs
      return;
    }
    // The kubelet's sinceTime is inclusive: line 4 comes again and must be dropped.
    for (let i = 4; i < 8; i++) res.write(`${ts(i)} line ${i}\n`);
    pods = [pod(j, 'r-1', { phase: 'Succeeded' })];
    res.end();
    setTimeout(() => listeners.forEach((l) => l()), 20);
  });
  const lines: string[] = [];
  let ended = '';
  const done = new Promise<void>((resolve) => {
    const run = new LogFollowRun(
      api.kc,
      'team-a',
      { kind: 'container', pod: 'r-1', container: 'main' },
      { snapshot: () => ({ job: j, pods, jobDeleted: false }), subscribe: (l) => (listeners.add(l), () => listeners.delete(l)) },
      { lines: (l) => lines.push(...l), marker: () => undefined, end: (r) => ((ended = r), resolve()) },
    );
    run.start();
  });
  try {
    await Promise.race([done, new Promise((_, rej) => setTimeout(() => rej(new Error(`no end; lines ${JSON.stringify(lines)}`)), 8000))]);
    assert.deepEqual(lines, Array.from({ length: 8 }, (_, i) => `line ${i}`));
    assert.deepEqual(requests, [null, ts(4)]);
    assert.match(ended, /succeeded/);
  } finally {
    await api.close();
  }
});
