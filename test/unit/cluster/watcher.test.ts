/**
 * List-then-watch against a scripted HTTP apiserver (plain Node, no cluster): a watch ERROR 410
 * relists and drops objects deleted meanwhile; failures back off exponentially through the
 * injected delay and relist.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { ObjectStore } from '../../../client/src/cluster/store';
import type { JobObject } from '../../../client/src/cluster/types';
import { ResourceWatch, backoffDelay } from '../../../client/src/cluster/watcher';
import { job } from './fixtures';

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

async function fakeApiserver(handle: Handler) {
  const server = createServer((req, res) => handle(req, res, new URL(req.url ?? '/', 'http://x')));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
    users: [{ name: 'u' }],
    contexts: [{ name: 'fake', cluster: 'fake', user: 'u' }],
    currentContext: 'fake',
  });
  return { kc, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

function withRv(j: JobObject, rv: string): JobObject {
  return { ...j, metadata: { ...j.metadata, resourceVersion: rv } };
}

function until(check: () => boolean, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => (check() ? resolve() : Date.now() - t0 > ms ? reject(new Error('timed out')) : setTimeout(tick, 10));
    tick();
  });
}

test('backoff doubles from the base up to the cap', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n)), [250, 500, 1000, 2000, 4000, 4000]);
});

test('a watch ERROR 410 Gone relists; the relist drops objects deleted meanwhile', async () => {
  const a = job('a', { ns: 'ns' });
  const b = job('b', { ns: 'ns' });
  const c = job('c', { ns: 'ns' });
  let lists = 0;
  let watches = 0;
  const open: ServerResponse[] = [];
  const api = await fakeApiserver((req, res, url) => {
    res.setHeader('content-type', 'application/json');
    if (url.searchParams.get('watch') !== 'true') {
      lists++;
      const items = lists === 1 ? [withRv(a, '10')] : [withRv(b, '21'), withRv(c, '22')];
      res.end(JSON.stringify({ kind: 'JobList', metadata: { resourceVersion: lists === 1 ? '10' : '22' }, items }));
      return;
    }
    watches++;
    if (watches === 1) {
      assert.equal(url.searchParams.get('resourceVersion'), '10');
      res.write(JSON.stringify({ type: 'ADDED', object: withRv(b, '11') }) + '\n');
      res.end(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } }) + '\n');
      return;
    }
    assert.equal(url.searchParams.get('resourceVersion'), '22', 'watch resumes from the relist');
    res.write('');
    open.push(res);
  });
  const store = new ObjectStore<JobObject>();
  const errors: unknown[] = [];
  const w = new ResourceWatch<JobObject>({ kc: api.kc, path: '/apis/batch/v1/namespaces/ns/jobs', onEvent: (e) => store.apply(e), onError: (e) => errors.push(e), onSynced: () => undefined, delayFn: async () => undefined });
  try {
    w.start();
    await until(() => watches >= 2);
    await until(() => store.size === 2);
    assert.deepEqual([...store.values()].map((j) => j.metadata?.name).sort(), ['b', 'c'], 'a is gone after the relist');
    assert.equal(w.relists, 2);
    assert.deepEqual(errors, []);
  } finally {
    w.stop();
    open.forEach((r) => r.end());
    await api.close();
  }
});

test('failures are reported and retried with exponential backoff through the injected delay', async () => {
  let lists = 0;
  const open: ServerResponse[] = [];
  const api = await fakeApiserver((req, res, url) => {
    res.setHeader('content-type', 'application/json');
    if (url.searchParams.get('watch') !== 'true') {
      lists++;
      if (lists <= 3) {
        res.statusCode = 503;
        res.end(JSON.stringify({ kind: 'Status', code: 503, message: 'unavailable' }));
        return;
      }
      res.end(JSON.stringify({ kind: 'JobList', metadata: { resourceVersion: '5' }, items: [withRv(job('x', { ns: 'ns' }), '5')] }));
      return;
    }
    res.write('');
    open.push(res);
  });
  const delays: number[] = [];
  const errors: unknown[] = [];
  const store = new ObjectStore<JobObject>();
  let synced = 0;
  const w = new ResourceWatch<JobObject>({
    kc: api.kc,
    path: '/apis/batch/v1/namespaces/ns/jobs',
    onEvent: (e) => store.apply(e),
    onError: (e) => errors.push(e),
    onSynced: () => synced++,
    delayFn: async (ms) => {
      delays.push(ms);
    },
  });
  try {
    w.start();
    await until(() => synced === 1);
    assert.equal(errors.length, 3);
    assert.equal((errors[0] as { statusCode?: number }).statusCode, 503);
    assert.deepEqual(delays.slice(0, 3), [250, 500, 1000]);
    assert.equal(store.size, 1);
  } finally {
    w.stop();
    open.forEach((r) => r.end());
    await api.close();
  }
});

test('the first list paints its first page early; the final RELIST settles the full list', async () => {
  const open: ServerResponse[] = [];
  const limits: string[] = [];
  const api = await fakeApiserver((req, res, url) => {
    res.setHeader('content-type', 'application/json');
    if (url.searchParams.get('watch') === 'true') {
      res.write('');
      open.push(res);
      return;
    }
    limits.push(url.searchParams.get('limit') ?? '');
    const page2 = url.searchParams.get('continue') === 'p2';
    const items = page2 ? [withRv(job('b', { ns: 'ns' }), '2')] : [withRv(job('a', { ns: 'ns' }), '1')];
    res.end(JSON.stringify({ kind: 'JobList', metadata: { resourceVersion: '2', ...(page2 ? {} : { continue: 'p2' }) }, items }));
  });
  const seen: string[] = [];
  const store = new ObjectStore<JobObject>();
  let synced = 0;
  const w = new ResourceWatch<JobObject>({
    kc: api.kc,
    path: '/apis/batch/v1/namespaces/ns/jobs',
    onEvent: (e) => {
      seen.push(e.type === 'RELIST' ? `RELIST ${e.items.length}` : `${e.type} ${e.object.metadata?.name}`);
      store.apply(e);
    },
    onPartial: () => seen.push(`partial with ${store.size}`),
    onError: () => undefined,
    onSynced: () => synced++,
    delayFn: async () => undefined,
  });
  try {
    w.start();
    await until(() => synced === 1);
    assert.deepEqual(seen.slice(0, 3), ['ADDED a', 'partial with 1', 'RELIST 2']);
    assert.deepEqual(limits, ['500', '2000']);
    assert.equal(store.size, 2);
  } finally {
    w.stop();
    open.forEach((r) => r.end());
    await api.close();
  }
});
