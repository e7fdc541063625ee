#!/usr/bin/env node
// A real Kubernetes control plane on loopback for tests and the demo: etcd, kube-apiserver and
// kube-controller-manager (unmodified upstream binaries built by scripts/build-control-plane.sh)
// plus the test kubelet (test/kubelet). See docs/development.md, "Local cluster".
//
//   node scripts/cluster.mjs up     [--name N]   start (or reuse a healthy one); last stdout line: KUBECONFIG=<path>
//   node scripts/cluster.mjs down   [--name N]   stop every process of the cluster, delete its state (logs stay)
//   node scripts/cluster.mjs status [--name N]   show processes and health; exit 0 only when healthy
//   node scripts/cluster.mjs restart-kubelet [--name N]   replace only the test kubelet (after changing test/kubelet)
//
// State lives in $KJOB_CACHE/clusters/<name>/ (default ~/.cache/kjob/clusters/<name>/): PKI, tokens,
// etcd data, kubeconfig, logs/<component>.log and state.json (ports, PIDs with their start times).
// Processes run detached in their own process groups; `down` signals exactly the recorded groups.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kubelet'];
const NODE_NAME = 'kjob-node';
const VIEWER_NAMESPACE = 'team-a';
const t0 = Date.now();

// ---- arguments ---------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const cmd = argv[0];
let name = 'dev';
for (let i = 1; i < argv.length; i++) {
  if (argv[i] === '--name') name = argv[++i] ?? '';
  else if (argv[i].startsWith('--name=')) name = argv[i].slice(7);
  else usage(`unexpected argument ${argv[i]}`);
}
if (!['up', 'down', 'status', 'restart-kubelet'].includes(cmd)) usage(cmd ? `unknown command ${cmd}` : 'missing command');
if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(name)) usage(`--name must be lowercase letters, digits and '-', got ${JSON.stringify(name)}`);

function usage(msg) {
  console.error(`cluster: ${msg}\nusage: node scripts/cluster.mjs up|down|status|restart-kubelet [--name N]   (default name: dev)`);
  process.exit(2);
}

const cacheRoot = process.env.KJOB_CACHE || join(os.homedir(), '.cache', 'kjob');
const dir = join(cacheRoot, 'clusters', name);
const statePath = join(dir, 'state.json');
const logDir = join(dir, 'logs');
const pki = join(dir, 'pki');

const say = (m) => process.stderr.write(`cluster ${name}: ${m}\n`);

// ---- processes (Linux /proc) -------------------------------------------------------------------

/** Fields of /proc/<pid>/stat after the command name: [state, ppid, pgrp, ..., starttime at 19]. */
function procStat(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    return { state: f[0], pgrp: Number(f[2]), start: Number(f[19]) };
  } catch {
    return undefined;
  }
}

/** Live (non-zombie) processes of a recorded component: its process group, started no earlier than it. */
function groupMembers(c) {
  const out = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    const st = procStat(e);
    if (st && st.pgrp === c.pid && st.start >= c.start && st.state !== 'Z') out.push(Number(e));
  }
  return out;
}

function leaderAlive(c) {
  const st = procStat(c.pid);
  return !!st && st.start === c.start && st.state !== 'Z';
}

async function stopComponents(comps) {
  const live = comps.filter((c) => c && groupMembers(c).length);
  for (const sig of ['SIGTERM', 'SIGKILL']) {
    for (const c of live) {
      for (const pid of groupMembers(c)) {
        try {
          process.kill(pid, sig);
        } catch {
          /* already gone */
        }
      }
    }
    const deadline = Date.now() + (sig === 'SIGTERM' ? 10_000 : 5_000);
    while (Date.now() < deadline && live.some((c) => groupMembers(c).length)) await sleep(100);
    if (!live.some((c) => groupMembers(c).length)) return true;
  }
  return !live.some((c) => groupMembers(c).length);
}

// ---- small helpers -----------------------------------------------------------------------------

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function readState() {
  try {
    return JSON.parse(readFileSync(statePath, 'utf8'));
  } catch {
    return undefined;
  }
}

function writeState(s) {
  writeFileSync(statePath, JSON.stringify(s, null, 2) + '\n');
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Exclusive lock per cluster name so two `up`/`down` runs don't interleave. */
function lock() {
  mkdirSync(join(cacheRoot, 'clusters'), { recursive: true });
  const p = join(cacheRoot, 'clusters', `${name}.lock`);
  for (let i = 0; i < 2; i++) {
    try {
      const fd = openSync(p, 'wx');
      writeFileSync(fd, `${process.pid} ${procStat(process.pid)?.start}\n`);
      closeSync(fd);
      const release = () => rmSync(p, { force: true });
      process.on('exit', release);
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const [pid, start] = readFileSync(p, 'utf8').trim().split(' ').map(Number);
      const st = procStat(pid);
      if (st && st.start === start) {
        console.error(`cluster ${name}: another scripts/cluster.mjs (pid ${pid}) is working on this cluster; try again when it is done`);
        process.exit(1);
      }
      rmSync(p, { force: true }); // stale lock from a killed run
    }
  }
}

/** JSON request to the apiserver with a bearer token. */
function api(server, ca, token, method, path, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = https.request(
      new URL(path, server),
      {
        method,
        ca,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          accept: 'application/json',
          ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
        },
        timeout: 10_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, json, text });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

function httpGet(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      let t = '';
      res.on('data', (c) => (t += c));
      res.on('end', () => resolve({ status: res.statusCode, text: t }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, text: '' }));
  });
}

async function apiReady(state) {
  try {
    const ca = readFileSync(join(state.dir, 'pki', 'ca.crt'));
    const r = await api(state.server, ca, undefined, 'GET', '/readyz');
    return r.status === 200;
  } catch {
    return false;
  }
}

// ---- commands ----------------------------------------------------------------------------------

if (cmd === 'status') await status();
else if (cmd === 'restart-kubelet') {
  lock();
  await restartKubelet();
} else if (cmd === 'down') {
  lock();
  await down();
} else {
  lock();
  await up().catch((e) => {
    // Unexpected errors (openssl missing, network errors talking to the new apiserver, ...): stop
    // whatever was recorded as started, then fail with the message.
    say(`FAILED: ${e?.message ?? e}`);
    const s = readState();
    for (const n of Object.keys(s?.components ?? {})) {
      for (const pid of groupMembers(s.components[n])) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    process.exit(1);
  });
}

async function status() {
  const s = readState();
  if (!s) {
    console.log(`cluster ${name}: not running (no state in ${dir})`);
    process.exit(1);
  }
  let ok = true;
  for (const n of COMPONENTS) {
    const c = s.components?.[n];
    const alive = c && leaderAlive(c);
    ok &&= !!alive;
    console.log(`${n.padEnd(24)} ${c ? `pid ${c.pid}`.padEnd(12) : ''.padEnd(12)} ${alive ? 'running' : 'NOT RUNNING'}   log: ${join(logDir, `${n}.log`)}`);
  }
  const ready = await apiReady(s);
  ok &&= ready && s.ready;
  console.log(`${'apiserver'.padEnd(24)} ${s.server} ${ready ? 'ready' : 'NOT READY'}`);
  console.log(`binaries                 ${s.binDir}`);
  console.log(`started                  ${s.started}`);
  if (ok) console.log(`KUBECONFIG=${s.kubeconfig}`);
  else console.log(`cluster ${name}: unhealthy; restart with: node scripts/cluster.mjs down --name ${name} && node scripts/cluster.mjs up --name ${name}`);
  process.exit(ok ? 0 : 1);
}

async function down() {
  const s = readState();
  if (s) {
    const ok = await stopComponents(COMPONENTS.slice().reverse().map((n) => s.components?.[n]));
    if (!ok) {
      say(`some processes did not exit; see ${statePath}`);
      process.exit(1);
    }
  }
  if (existsSync(dir)) {
    for (const e of readdirSync(dir)) if (e !== 'logs') rmSync(join(dir, e), { recursive: true, force: true });
  }
  say(s ? `stopped (logs kept in ${logDir})` : 'not running');
}

/**
 * Clusters of test runs (`test-<pid>`, see scripts/test.mjs) whose runner is gone were left behind
 * by a killed run: stop them. Stopped clusters keep only logs/; drop those after a day.
 */
async function sweep() {
  const base = join(cacheRoot, 'clusters');
  for (const e of readdirSync(base, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === name) continue;
    const d = join(base, e.name);
    let s;
    try {
      s = JSON.parse(readFileSync(join(d, 'state.json'), 'utf8'));
    } catch {
      s = undefined;
    }
    const owner = /^test-(\d+)$/.exec(e.name)?.[1];
    if (s && owner && !procStat(Number(owner))) {
      say(`stopping ${e.name}, left behind by a test run that no longer exists`);
      await stopComponents(COMPONENTS.map((n) => s.components?.[n]));
      rmSync(d, { recursive: true, force: true });
    } else if (!s && Date.now() - statSync(d).mtimeMs > 86_400_000) {
      rmSync(d, { recursive: true, force: true });
    }
  }
}

async function up() {
  let state;
  await sweep().catch((e) => say(`cleanup of other clusters failed: ${e.message}`));
  const prev = readState();
  if (prev) {
    const alive = COMPONENTS.every((n) => prev.components?.[n] && leaderAlive(prev.components[n]));
    if (alive && prev.ready && (await apiReady(prev))) {
      say(`already running (started ${prev.started}); reusing it`);
      console.log(`KUBECONFIG=${prev.kubeconfig}`);
      return;
    }
    say('found a stale cluster state (a killed or failed run); cleaning it up');
    await stopComponents(COMPONENTS.slice().reverse().map((n) => prev.components?.[n]));
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  mkdirSync(pki, { recursive: true, mode: 0o700 });

  // 1. Binaries (cached by version + go.sum hash; the first build on a machine takes minutes).
  const build = spawnSync('bash', [join(root, 'scripts/build-control-plane.sh')], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
  if (build.status !== 0) fail(`scripts/build-control-plane.sh failed (exit ${build.status})`);
  const binDir = build.stdout.trim().split('\n').at(-1);
  const version = /KJOB_K8S_VERSION=(\S+)/.exec(readFileSync(join(root, 'scripts/k8s-version.sh'), 'utf8'))?.[1] ?? '';
  const tBuild = Date.now();

  // 2. PKI, tokens, ports, kubelet bundle.
  const [pEtcd, pPeer, pApi, pKubelet] = await uniquePorts(4);
  const server = `https://127.0.0.1:${pApi}`;
  state = {
    name,
    dir,
    started: new Date().toISOString(),
    version,
    binDir,
    server,
    ports: { etcd: pEtcd, etcdPeer: pPeer, apiserver: pApi, kubelet: pKubelet },
    kubeconfig: join(dir, 'kubeconfig'),
    components: {},
    ready: false,
  };
  writeState(state);
  await Promise.all([makePki(), bundleKubelet()]);
  const tokens = Object.fromEntries(['admin', 'controller-manager', 'kubelet', 'viewer', 'nobody'].map((u) => [u, randomBytes(24).toString('hex')]));
  writeSecret(
    join(dir, 'tokens.csv'),
    [
      `${tokens.admin},kjob-admin,kjob-admin,"system:masters"`,
      `${tokens['controller-manager']},kjob-controller-manager,kjob-controller-manager,"system:masters"`,
      `${tokens.kubelet},kjob-kubelet,kjob-kubelet,"system:masters"`,
      `${tokens.viewer},kjob-viewer,kjob-viewer,"kjob:viewers"`,
      `${tokens.nobody},kjob-nobody,kjob-nobody`,
    ].join('\n') + '\n',
  );
  writeSecret(join(dir, 'kubelet.token'), tokens.kubelet + '\n');
  const caPem = readFileSync(join(pki, 'ca.crt'));
  writeSecret(join(dir, 'controller-manager.kubeconfig'), kubeconfigText(server, caPem, { 'kjob-controller-manager': tokens['controller-manager'] }, 'kjob-controller-manager'));
  const tPrep = Date.now();

  // Ctrl+C or a kill while starting: stop what was started instead of leaving it behind.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => fail(`interrupted (${sig})`));

  // 3. etcd.
  const children = new Map();
  const startComponent = (n, bin, args) => {
    const fd = openSync(join(logDir, `${n}.log`), 'a');
    const child = spawn(bin, args, { cwd: dir, detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    const st = procStat(child.pid);
    state.components[n] = { pid: child.pid, start: st?.start ?? 0 };
    writeState(state);
    child.on('exit', (code, sig) => children.set(n, { exited: true, code, sig }));
    children.set(n, { child });
    return child;
  };
  const checkAlive = (n) => {
    const c = children.get(n);
    if (c?.exited) fail(`${n} exited (${c.sig ?? `code ${c.code}`})`, n);
  };
  startComponent('etcd', join(binDir, 'etcd'), [
    '--name=default',
    `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=http://127.0.0.1:${pEtcd}`,
    `--advertise-client-urls=http://127.0.0.1:${pEtcd}`,
    `--listen-peer-urls=http://127.0.0.1:${pPeer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${pPeer}`,
    `--initial-cluster=default=http://127.0.0.1:${pPeer}`,
    '--unsafe-no-fsync',
    '--log-level=warn',
  ]);
  await waitUntil('etcd', 30, async () => {
    checkAlive('etcd');
    const r = await httpGet(`http://127.0.0.1:${pEtcd}/health`);
    return r.status === 200 && /"health":\s*"true"/.test(r.text);
  });
  const tEtcd = Date.now();

  // 4. kube-apiserver.
  startComponent('kube-apiserver', join(binDir, 'kube-apiserver'), [
    `--etcd-servers=http://127.0.0.1:${pEtcd}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${pApi}`,
    '--advertise-address=127.0.0.1',
    `--cert-dir=${pki}`,
    `--tls-cert-file=${join(pki, 'apiserver.crt')}`,
    `--tls-private-key-file=${join(pki, 'apiserver.key')}`,
    `--client-ca-file=${join(pki, 'ca.crt')}`,
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-signing-key-file=${join(pki, 'sa.key')}`,
    `--service-account-key-file=${join(pki, 'sa.pub')}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--endpoint-reconciler-type=none',
    '--kubelet-preferred-address-types=InternalIP',
    '--allow-privileged=true',
    '--profiling=false',
  ]);
  await waitUntil('kube-apiserver', 120, async () => {
    checkAlive('kube-apiserver');
    return apiReady(state);
  });
  const tApi = Date.now();

  // 5. Controllers and the test kubelet.
  startComponent('kube-controller-manager', join(binDir, 'kube-controller-manager'), [
    `--kubeconfig=${join(dir, 'controller-manager.kubeconfig')}`,
    '--leader-elect=false',
    '--controllers=' +
      [
        'job-controller',
        'ttl-after-finished-controller',
        'garbage-collector-controller',
        'namespace-controller',
        'serviceaccount-controller',
        'serviceaccount-token-controller',
        'clusterrole-aggregation-controller',
        'cronjob-controller',
        'root-ca-certificate-publisher-controller',
      ].join(','),
    `--service-account-private-key-file=${join(pki, 'sa.key')}`,
    `--root-ca-file=${join(pki, 'ca.crt')}`,
    '--secure-port=0',
    '--kube-api-qps=100',
    '--kube-api-burst=200',
    // Tests run dozens of Jobs at once; 5 workers (the default) queue their syncs for seconds on a
    // busy machine. Per-Job behaviour is unchanged.
    '--concurrent-job-syncs=20',
    '--profiling=false',
  ]);
  startComponent('kubelet', process.execPath, kubeletArgs(state));

  // 6. Users: namespace team-a with a Role for the viewer (Jobs, pods, pods/log; nothing else).
  const ca = caPem;
  const admin = (method, path, body) => api(server, ca, tokens.admin, method, path, body);
  const must = async (what, p) => {
    const r = await p;
    if (r.status >= 300 && r.status !== 409) fail(`${what}: HTTP ${r.status} ${r.json?.message ?? r.text}`, 'kube-apiserver');
    return r;
  };
  await must('create namespace team-a', admin('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: VIEWER_NAMESPACE } }));
  await must(
    'create Role kjob-viewer',
    admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${VIEWER_NAMESPACE}/roles`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'kjob-viewer' },
      rules: [
        { apiGroups: ['batch'], resources: ['jobs'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
      ],
    }),
  );
  await must(
    'create RoleBinding kjob-viewer',
    admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${VIEWER_NAMESPACE}/rolebindings`, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'kjob-viewer' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kjob-viewer' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'kjob-viewer' }],
    }),
  );

  // 7. Liveness of the whole Job path: a probe Job must run to Complete (Job controller creates the
  //    pod, ServiceAccount admission finds the default SA, the kubelet binds and runs it); its
  //    ttlSecondsAfterFinished: 0 lets the TTL controller remove it afterwards.
  const ns = 'kube-system';
  await waitUntil('serviceaccount-controller (kube-system/default)', 60, async () => {
    checkAlive('kube-controller-manager');
    return (await admin('GET', `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status === 200;
  }, ['kube-controller-manager']);
  const probe = `kjob-probe-${randomBytes(3).toString('hex')}`;
  await must(
    'create probe Job',
    admin('POST', `/apis/batch/v1/namespaces/${ns}/jobs`, {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: probe, annotations: { 'kjob.dev/outcomes': JSON.stringify({ default: { durationSeconds: 0 } }) } },
      spec: {
        backoffLimit: 0,
        ttlSecondsAfterFinished: 0,
        template: { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 0, containers: [{ name: 'probe', image: 'kjob.invalid/probe' }] } },
      },
    }),
  );
  await waitUntil('the Job controller and the kubelet (probe Job to Complete)', 90, async () => {
    checkAlive('kube-controller-manager');
    checkAlive('kubelet');
    const r = await admin('GET', `/apis/batch/v1/namespaces/${ns}/jobs/${probe}`);
    if (r.status === 404) return true; // already completed and removed by the TTL controller
    const conds = r.json?.status?.conditions ?? [];
    if (conds.some((c) => c.type === 'Failed' && c.status === 'True')) fail(`probe Job failed: ${JSON.stringify(conds)}`, 'kubelet');
    return conds.some((c) => c.type === 'Complete' && c.status === 'True');
  }, ['kube-controller-manager', 'kubelet']);
  const tJobs = Date.now();

  // 8. Kubeconfig for people and tests.
  writeSecret(
    state.kubeconfig,
    kubeconfigText(server, caPem, { 'kjob-admin': tokens.admin, 'kjob-viewer': tokens.viewer, 'kjob-nobody': tokens.nobody }, 'kjob-admin', {
      'kjob-viewer': VIEWER_NAMESPACE,
      'kjob-admin': 'default',
      'kjob-nobody': 'default',
    }),
  );
  state.ready = true;
  state.timings = {
    buildCheckSeconds: (tBuild - t0) / 1000,
    prepareSeconds: (tPrep - tBuild) / 1000,
    etcdSeconds: (tEtcd - tPrep) / 1000,
    apiserverSeconds: (tApi - tEtcd) / 1000,
    controllersAndKubeletSeconds: (tJobs - tApi) / 1000,
    totalSeconds: (Date.now() - t0) / 1000,
  };
  writeState(state);
  for (const { child } of children.values()) child?.unref();
  say(
    `ready in ${state.timings.totalSeconds.toFixed(1)} s (binaries ${state.timings.buildCheckSeconds.toFixed(1)} s, pki ${state.timings.prepareSeconds.toFixed(1)} s, ` +
      `etcd ${state.timings.etcdSeconds.toFixed(1)} s, apiserver ${state.timings.apiserverSeconds.toFixed(1)} s, controllers+kubelet ${state.timings.controllersAndKubeletSeconds.toFixed(1)} s); ` +
      `contexts kjob-admin, kjob-viewer (namespace ${VIEWER_NAMESPACE}), kjob-nobody; logs in ${logDir}`,
  );
  console.log(`KUBECONFIG=${state.kubeconfig}`);
  process.exit(0);

  // -- helpers that close over this run --

  async function waitUntil(what, seconds, check, logsOnTimeout = [what.split(' ')[0]]) {
    const deadline = Date.now() + seconds * 1000;
    let last;
    while (Date.now() < deadline) {
      try {
        if (await check()) return;
      } catch (e) {
        last = e;
      }
      await sleep(150);
    }
    fail(`timed out after ${seconds} s waiting for ${what}${last ? ` (${last.message})` : ''}`, ...logsOnTimeout);
  }

  function fail(msg, ...components) {
    say(`FAILED: ${msg}`);
    for (const n of components.filter((c) => COMPONENTS.includes(c))) {
      process.stderr.write(`---- last lines of ${join(logDir, `${n}.log`)} ----\n${tail(join(logDir, `${n}.log`))}\n`);
    }
    say('stopping what was started');
    // Synchronous best effort (we are about to exit): SIGKILL the recorded groups.
    for (const n of Object.keys(state?.components ?? {})) {
      for (const pid of groupMembers(state.components[n])) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
    process.exit(1);
  }
}

function kubeletArgs(state) {
  return [
    join(dir, 'kubelet.js'),
    `--server=${state.server}`,
    `--ca=${join(pki, 'ca.crt')}`,
    `--token-file=${join(dir, 'kubelet.token')}`,
    `--tls-cert=${join(pki, 'kubelet.crt')}`,
    `--tls-key=${join(pki, 'kubelet.key')}`,
    `--port=${state.ports.kubelet}`,
    `--node-name=${NODE_NAME}`,
    `--kubelet-version=${state.version}`,
  ];
}

/**
 * Replaces only the test kubelet of a running cluster with one bundled from the current sources
 * (for kubelet fixes without restarting the control plane; pods that were running start their
 * attempt's clock again).
 */
async function restartKubelet() {
  const s = readState();
  if (!s?.ready) {
    say('not running');
    process.exit(1);
  }
  await stopComponents([s.components.kubelet]);
  await bundleKubelet();
  const logFile = join(logDir, 'kubelet.log');
  const offset = existsSync(logFile) ? statSync(logFile).size : 0;
  const fd = openSync(logFile, 'a');
  const child = spawn(process.execPath, kubeletArgs(s), { cwd: dir, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  s.components.kubelet = { pid: child.pid, start: procStat(child.pid)?.start ?? 0 };
  writeState(s);
  child.unref();
  const deadline = Date.now() + 30_000;
  while (!/node \S+ registered/.test(readFileSync(logFile, 'utf8').slice(offset))) {
    if (!leaderAlive(s.components.kubelet) || Date.now() > deadline) {
      say(`the new kubelet did not come up:\n${tail(logFile)}`);
      process.exit(1);
    }
    await sleep(100);
  }
  say(`kubelet restarted (pid ${child.pid})`);
  console.log(`KUBECONFIG=${s.kubeconfig}`);
}

async function uniquePorts(n) {
  const set = new Set();
  while (set.size < n) set.add(await freePort());
  return [...set];
}

function writeSecret(p, text) {
  writeFileSync(p, text, { mode: 0o600 });
  chmodSync(p, 0o600);
}

function openssl(args) {
  return new Promise((resolve, reject) => {
    const p = spawn('openssl', args, { cwd: pki, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('error', (e) => reject(new Error(`openssl: ${e.message} (install Debian's openssl package)`)));
    p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`openssl ${args[0]} failed: ${err.trim()}`))));
  });
}

/** CA, apiserver serving cert, service-account key pair, kubelet serving cert (all via openssl). */
async function makePki() {
  const days = '3650';
  // ECDSA P-256 keys: generated in about a millisecond (RSA takes 0.1-0.5 s of CPU per key).
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1'];
  await openssl(['req', '-x509', ...ec, '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', days,
    '-subj', `/CN=kjob-${name}-ca`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const leaf = async (base, cn, sans) => {
    writeFileSync(join(pki, `${base}.ext`), `subjectAltName=${sans}\nextendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n`);
    await openssl(['req', ...ec, '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${cn}`]);
    await openssl(['x509', '-req', '-in', `${base}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', `0x${randomBytes(8).toString('hex')}`,
      '-out', `${base}.crt`, '-days', days, '-extfile', `${base}.ext`]);
  };
  await Promise.all([
    leaf('apiserver', 'kube-apiserver',
      'IP:127.0.0.1,DNS:localhost,IP:10.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local'),
    leaf('kubelet', NODE_NAME, `IP:127.0.0.1,DNS:${NODE_NAME}`),
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'sa.key']).then(() => openssl(['ec', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'])),
  ]);
  for (const f of readdirSync(pki)) if (f.endsWith('.key')) chmodSync(join(pki, f), 0o600);
}

/** Bundles the TypeScript test kubelet into the state dir (esbuild, ~0.1 s). */
async function bundleKubelet() {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [join(root, 'test/kubelet/main.ts')],
    outfile: join(dir, 'kubelet.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
    sourcemap: 'inline',
  });
}

/** A kubeconfig (YAML) with one context per user, all on this cluster, tokens inline. */
function kubeconfigText(server, caPem, users, current, namespaces = {}) {
  const cluster = `kjob-${name}`;
  const q = (s) => JSON.stringify(s);
  const lines = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${q(cluster)}`,
    '  cluster:',
    `    server: ${q(server)}`,
    `    certificate-authority-data: ${q(Buffer.from(caPem).toString('base64'))}`,
    'users:',
    ...Object.entries(users).flatMap(([u, token]) => [`- name: ${q(u)}`, '  user:', `    token: ${q(token)}`]),
    'contexts:',
    ...Object.keys(users).flatMap((u) => [
      `- name: ${q(u)}`,
      '  context:',
      `    cluster: ${q(cluster)}`,
      `    user: ${q(u)}`,
      ...(namespaces[u] ? [`    namespace: ${q(namespaces[u])}`] : []),
    ]),
    `current-context: ${q(current)}`,
    '',
  ];
  return lines.join('\n');
}
