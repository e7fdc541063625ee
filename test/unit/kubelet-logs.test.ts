// The test kubelet's log endpoint and pod status model, without a cluster.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { LogStore, handleLogRequest, parseLogQuery, rfc3339Nano, selectLines } from '../kubelet/logs';
import { buildStatus, finalPhase, initialModel, start, terminate } from '../kubelet/pod';

describe('log query options', () => {
  test('parses kubelet query options and rejects bad values', () => {
    assert.deepEqual(parseLogQuery(new URLSearchParams('follow=true&tailLines=2&timestamps=1&limitBytes=10&sinceSeconds=5')), {
      follow: true,
      previous: false,
      timestamps: true,
      tailLines: 2,
      limitBytes: 10,
      sinceSeconds: 5,
    });
    assert.match(String(parseLogQuery(new URLSearchParams('tailLines=-1'))), /tailLines: must be an integer >= 0/);
    assert.match(String(parseLogQuery(new URLSearchParams('sinceTime=yesterday'))), /sinceTime: not an RFC3339 time/);
  });

  test('since filters by time, tail keeps the last lines, timestamps are RFC3339Nano', () => {
    const lines = [
      { time: Date.parse('2026-01-01T00:00:00.100Z'), text: 'a' },
      { time: Date.parse('2026-01-01T00:00:05.000Z'), text: 'b' },
      { time: Date.parse('2026-01-01T00:00:09.000Z'), text: 'c' },
    ];
    const now = Date.parse('2026-01-01T00:00:10.000Z');
    const q = { follow: false, previous: false, timestamps: false };
    assert.deepEqual(selectLines(lines, { ...q, sinceSeconds: 6 }, now), ['b\n', 'c\n']);
    assert.deepEqual(selectLines(lines, { ...q, tailLines: 1 }, now), ['c\n']);
    assert.deepEqual(selectLines(lines, { ...q, tailLines: 0 }, now), []);
    assert.deepEqual(selectLines(lines, { ...q, sinceTime: lines[2].time }, now), ['c\n']);
    assert.equal(selectLines(lines, { ...q, timestamps: true }, now)[0], '2026-01-01T00:00:00.100000000Z a\n');
    assert.equal(rfc3339Nano(Date.parse('2026-03-04T05:06:07.890Z')), '2026-03-04T05:06:07.890000000Z');
  });
});

describe('containerLogs endpoint', () => {
  const store = new LogStore();
  let base = '';
  let server: http.Server;
  before(async () => {
    server = http.createServer((req, res) => handleLogRequest(store, req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  const get = (path: string) =>
    new Promise<{ status: number; body: string; chunks: { t: number; s: string }[] }>((resolve, reject) => {
      http
        .get(base + path, (res) => {
          const chunks: { t: number; s: string }[] = [];
          res.setEncoding('utf8');
          res.on('data', (s: string) => chunks.push({ t: Date.now(), s }));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: chunks.map((c) => c.s).join(''), chunks }));
        })
        .on('error', reject);
    });

  test('follow streams lines as they are appended and ends with the run', async () => {
    const run = store.startRun('ns', 'p1', 'uid1', 'main');
    run.append('one');
    const pending = get('/containerLogs/ns/p1/main?follow=true');
    let endedAt = 0;
    setTimeout(() => run.append('two'), 150);
    setTimeout(() => run.append('three'), 300);
    setTimeout(() => {
      endedAt = Date.now();
      run.end();
    }, 600);
    const r = await pending;
    assert.equal(r.status, 200);
    assert.equal(r.body, 'one\ntwo\nthree\n');
    // the backlog arrived while the container was still running: the response streams
    assert.ok(r.chunks[0].t < endedAt, 'first line received before the run ended');
    assert.ok(r.chunks.at(-1)!.t >= endedAt - 400, 'later lines arrived as appended');
  });

  test('previous reads the run before a restart; limitBytes truncates; unknown pod and container waiting are errors', async () => {
    store.startRun('ns', 'p2', 'uid2', 'main').append('first run');
    const second = store.startRun('ns', 'p2', 'uid2', 'main');
    second.append('second run');
    assert.equal((await get('/containerLogs/ns/p2/main')).body, 'second run\n');
    assert.equal((await get('/containerLogs/ns/p2/main?previous=true')).body, 'first run\n');
    assert.equal((await get('/containerLogs/ns/p2/main?limitBytes=4')).body, 'seco');
    const none = await get('/containerLogs/ns/p1/main?previous=true');
    assert.equal(none.status, 400);
    assert.match(none.body, /previous terminated container "main" in pod "p1" not found/);
    assert.equal((await get('/containerLogs/ns/nope/main')).status, 404);
    store.registerPod('ns', 'p3', 'uid3');
    const waiting = await get('/containerLogs/ns/p3/main');
    assert.equal(waiting.status, 400);
    assert.match(waiting.body, /is waiting to start/);
  });

  test('a new pod with the same name replaces the old logs', async () => {
    store.startRun('ns', 'same', 'a', 'c').append('old');
    store.registerPod('ns', 'same', 'b');
    assert.equal((await get('/containerLogs/ns/same/c')).status, 400);
  });
});

describe('pod status model', () => {
  const pod = {
    metadata: { uid: 'u1' },
    spec: { initContainers: [{ name: 'init', image: 'i' }, { name: 'side', image: 's', restartPolicy: 'Always' }], containers: [{ name: 'main', image: 'm' }] },
    status: { qosClass: 'BestEffort', conditions: [{ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI' }] },
  };

  test('Running: Ready and ContainersReady True, init terminated, sidecar running and ready; foreign conditions kept', () => {
    const m = initialModel(pod, '10.244.0.1');
    const at = '2026-01-01T00:00:00Z';
    for (const c of m.containers) start(c, at);
    terminate(m.containers[0], 0, at);
    m.phase = 'Running';
    const s = buildStatus(pod, m, at);
    const c = Object.fromEntries(s.conditions.map((x: any) => [x.type, x.status]));
    assert.equal(c.Ready, 'True');
    assert.equal(c.ContainersReady, 'True');
    assert.equal(c.Initialized, 'True');
    assert.equal(c.DisruptionTarget, 'True');
    assert.equal(s.qosClass, 'BestEffort');
    assert.equal(s.initContainerStatuses[0].state.terminated.reason, 'Completed');
    assert.equal(s.initContainerStatuses[1].ready, true);
    assert.deepEqual(s.containerStatuses[0].state, { running: { startedAt: at } });
    assert.equal(s.podIPs[0].ip, s.podIP);
  });

  test('finalPhase: Succeeded only if every init and main container exited 0 (sidecars ignored)', () => {
    const m = initialModel(pod, '10.244.0.2');
    const at = '2026-01-01T00:00:00Z';
    for (const c of m.containers) start(c, at);
    terminate(m.containers[0], 0, at);
    terminate(m.containers[1], 137, at);
    terminate(m.containers[2], 0, at);
    assert.equal(finalPhase(m), 'Succeeded');
    const m2 = initialModel(pod, '10.244.0.3');
    assert.equal(finalPhase(m2), 'Failed', 'containers that never ran');
    terminate(m2.containers[2], 1, at);
    assert.equal(finalPhase(m2), 'Failed');
    m2.phase = 'Failed';
    const s = buildStatus(pod, m2, at);
    assert.equal(s.conditions.find((x: any) => x.type === 'Ready').reason, 'PodCompleted');
    assert.equal(s.containerStatuses[0].state.terminated.reason, 'Error');
  });
});

describe('pod IPs', () => {
  test('stay valid IPv4 addresses past 255 pods', async () => {
    const { podIP } = await import('../kubelet/kubelet');
    const seen = new Set<string>();
    for (let n = 0; n < 2000; n++) {
      const ip = podIP(n);
      assert.match(ip, /^10\.244\.(\d{1,3})\.(\d{1,3})$/);
      for (const part of ip.split('.')) assert.ok(Number(part) <= 255, ip);
      assert.ok(!ip.endsWith('.0') && !ip.endsWith('.1') && !ip.endsWith('.255'), ip);
      seen.add(ip);
    }
    assert.equal(seen.size, 2000);
  });
});
