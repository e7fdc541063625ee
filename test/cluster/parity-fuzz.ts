/**
 * Differential fuzzing of kjob's diagnostics against a real kube-apiserver (an exploration tool, not
 * a test): mutates every corpus manifest (odd numbers and strings, dropped keys, duplicated list
 * items), dry-run creates it, and prints each kind of disagreement once. Turn what it finds into
 * corpus cases (test/corpus/cases.py), then fix the rules.
 *
 *   KUBECONFIG=... ROUNDS=3 SEED=7 [MODE=combo] node --import tsx test/cluster/parity-fuzz.ts
 * MODE=combo sets random combinations of the interacting JobSpec fields instead of mutating values.
 */
import https from 'node:https';
import { stringify } from 'yaml';
import { parseFile } from '../../core/yaml/document';
import { checkFile } from '../../core/check/check';
import { clusterFromEnv } from '../harness/cluster';
import { loadCorpus } from '../unit/helpers/corpus';

function rng(seed: number) { let s = seed >>> 0; return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32); }
const r = rng(Number(process.env.SEED ?? 7));
const INTS = [-1, 0, 1, 2, 63, 64, 100001, 2147483647];
const STRS = ['', 'x', 'Bad_Name', 'a.b', 'never', 'Indexed', 'In', 'Always', 'UPPER', '-a-', 'a/b', 'example.com/x'];
function mut(v: unknown, path: string[]): unknown {
  const p = 0.06;
  if (typeof v === 'number' && r() < p * 3) return INTS[Math.floor(r() * INTS.length)];
  if (typeof v === 'string' && path[path.length - 1] !== 'apiVersion' && path[path.length - 1] !== 'kind' && r() < p * 2) return STRS[Math.floor(r() * STRS.length)];
  if (Array.isArray(v)) { const a = v.map((x, i) => mut(x, [...path, String(i)])); if (a.length && r() < p) a.push(a[0]); if (a.length && r() < p) a.shift(); return a; }
  if (v && typeof v === 'object') { const o: any = {}; for (const [k, x] of Object.entries(v)) { if (path.length > 0 && r() < p / 2) continue; o[k] = mut(x, [...path, k]); } return o; }
  return v;
}
/** MODE=combo: set a random combination of the interacting JobSpec fields on the manifest's Job. */
const PICK: Record<string, unknown[]> = {
  completionMode: [undefined, 'Indexed', 'NonIndexed', 'indexed'],
  completions: [undefined, null, 0, 1, 3, 100001],
  parallelism: [undefined, 0, 2, 20000, 100001],
  backoffLimit: [undefined, 0, 3],
  backoffLimitPerIndex: [undefined, 0, 2],
  maxFailedIndexes: [undefined, 0, 2, 5, 10001],
  podReplacementPolicy: [undefined, 'Failed', 'TerminatingOrFailed'],
  podFailurePolicy: [undefined, { rules: [] }, { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }] }, { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] }],
  successPolicy: [undefined, { rules: [{ succeededCount: 2 }] }, { rules: [{ succeededIndexes: '0-1' }] }],
  manualSelector: [undefined, false, true],
  activeDeadlineSeconds: [undefined, 0, 30],
};
function combo(base: any): any {
  const m = JSON.parse(JSON.stringify(base));
  const job = m.kind === 'CronJob' ? m.spec.jobTemplate : m;
  for (const [k, vals] of Object.entries(PICK)) {
    if (r() < 0.5) continue;
    const v = vals[Math.floor(r() * vals.length)];
    if (v === undefined) delete job.spec[k];
    else job.spec[k] = v;
  }
  if (r() < 0.3) job.spec.template.spec.restartPolicy = r() < 0.5 ? 'OnFailure' : 'Never';
  return m;
}

async function post(kc: any, obj: any) {
  const server = new URL(kc.getCurrentCluster()!.server);
  const body = JSON.stringify(obj);
  const opts: https.RequestOptions = { method: 'POST', hostname: server.hostname, port: server.port, path: `/apis/batch/v1/namespaces/default/${obj.kind === 'CronJob' ? 'cronjobs' : 'jobs'}?dryRun=All&fieldValidation=Strict`, headers: { 'content-type': 'application/json' } };
  await kc.applyToHTTPSOptions(opts);
  return new Promise<any>((res, rej) => { const q = https.request(opts, (x) => { let d = ''; x.on('data', (c) => (d += c)); x.on('end', () => res({ status: x.statusCode, body: d ? JSON.parse(d) : {}, warn: x.headers.warning })); }); q.on('error', rej); q.end(body); });
}
const T: Record<string, string> = { FieldValueRequired: 'Required', FieldValueInvalid: 'Invalid', FieldValueNotSupported: 'NotSupported', FieldValueDuplicate: 'Duplicate', FieldValueForbidden: 'Forbidden', FieldValueTooLong: 'TooLong', FieldValueTooMany: 'TooMany', FieldValueNotFound: 'NotFound' };
async function main() {
  const kc = clusterFromEnv();
  const cases = loadCorpus().filter((c) => c.expect !== 'server-crash');
  let n = 0, bad = 0;
  const seen = new Set<string>();
  for (let round = 0; round < Number(process.env.ROUNDS ?? 3); round++) for (const c of cases) {
    const base = parseFile(c.text).docs[0]!.doc.toJS();
    const m: any = process.env.MODE === 'combo' ? combo(base) : mut(base, []);
    m.apiVersion = 'batch/v1'; m.kind = base.kind;
    const text = stringify(m);
    const mine = checkFile(parseFile(text), { kubernetesVersion: '1.37', severities: {} });
    let res;
    try { res = await post(kc, m); } catch (e) { console.log('CRASH', c.name, (e as Error).message, '\n' + text); continue; }
    n++;
    const myErr = mine.filter((p) => p.severity === 'error');
    if (res.status === 400) { if (!myErr.length) { bad++; console.log('DECODE-MISS', c.name, res.body.message); } continue; }
    if (res.status === 201) { if (myErr.length) { bad++; console.log('FALSE-ERROR', c.name, myErr.map((p) => `${p.code} ${p.path} ${p.errorType}`).join('; '), '\n' + text); } continue; }
    if (res.status !== 422) { console.log('STATUS', res.status, res.body.message); continue; }
    const got = (res.body.details?.causes ?? []).map((x: any) => `${x.field} ${T[x.reason] ?? x.reason}`).sort();
    const exp = myErr.filter((p) => p.errorType).map((p) => `${p.path} ${p.errorType}`).sort();
    const nonApi = myErr.filter((p) => !p.errorType);
    if (JSON.stringify(got) !== JSON.stringify(exp) && !nonApi.length) {
      const key = JSON.stringify([got.filter((x: string) => !exp.includes(x)), exp.filter((x) => !got.includes(x))]);
      bad++;
      if (!seen.has(key)) { seen.add(key); console.log('DIFF', c.name, '\n  server-only:', got.filter((x: string) => !exp.includes(x)), '\n  kjob-only:', exp.filter((x) => !got.includes(x)), '\n  server msg:', res.body.message.slice(0, 600)); }
    }
  }
  console.log(`${n} requests, ${bad} disagreements`);
}
main();
