/**
 * API-server parity: every corpus manifest (test/corpus) is sent to the real kube-apiserver with a
 * server-side dry-run create (dryRun=All, fieldValidation=Strict, like `kubectl create
 * --dry-run=server`), and the recorded expectation must hold: the exact multiset of error field
 * paths + types from the Status causes, the create warnings (Warning headers) for accepted ones, and
 * HTTP 400 for manifests that cannot even be decoded. kjob's own diagnostics are held to the same
 * expectations by test/unit/corpus.test.ts, so together they prove kjob says what the server says.
 *
 * Needs KUBECONFIG (the cluster tier always sets it); fails, never skips, without it.
 * The control plane is Kubernetes v1.37.2, and so is the bundled schema (KJOB_SCHEMA_K8S_VERSION).
 */
import assert from 'node:assert/strict';
import https from 'node:https';
import { before, describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import type { KubeConfig } from '@kubernetes/client-node';
import { clusterFromEnv } from '../harness/cluster';
import { loadCorpus, sorted, type CorpusCase } from '../unit/helpers/corpus';

const REASON_TO_TYPE: Record<string, string> = {
  FieldValueRequired: 'Required',
  FieldValueInvalid: 'Invalid',
  FieldValueNotSupported: 'NotSupported',
  FieldValueDuplicate: 'Duplicate',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'TooLong',
  FieldValueTooMany: 'TooMany',
  FieldValueNotFound: 'NotFound',
  InternalError: 'InternalError',
};

interface DryRunResult {
  status: number;
  body: { kind?: string; reason?: string; message?: string; details?: { causes?: { reason?: string; message?: string; field?: string }[] } };
  warnings: string[];
}

async function dryRunCreate(kc: KubeConfig, c: CorpusCase): Promise<DryRunResult> {
  const doc = parseDocument(c.text, { version: '1.1' });
  const obj = doc.toJS() as { kind?: string };
  const resource = obj.kind === 'CronJob' ? 'cronjobs' : 'jobs';
  const server = new URL(kc.getCurrentCluster()!.server);
  const body = JSON.stringify(obj);
  const opts: https.RequestOptions = {
    method: 'POST',
    hostname: server.hostname,
    port: server.port,
    path: `/apis/batch/v1/namespaces/default/${resource}?dryRun=All&fieldValidation=Strict`,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  };
  await kc.applyToHTTPSOptions(opts);
  return new Promise((resolve, reject) => {
    const req = https.request(opts, (res) => {
      let data = '';
      res.on('data', (d) => (data += d));
      res.on('end', () => {
        const raw = res.headers['warning'];
        const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
        // `299 - "text", 299 - "text"`: one header may carry several comma-separated warnings
        const warnings: string[] = [];
        for (const h of list) for (const m of h.matchAll(/299 - "((?:[^"\\]|\\.)*)"/g)) warnings.push(m[1]!.replace(/\\(.)/g, '$1'));
        let parsed: DryRunResult['body'] = {};
        try {
          parsed = JSON.parse(data);
        } catch {
          parsed = { message: data };
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, warnings });
      });
    });
    req.setTimeout(30_000, () => req.destroy(new Error('dry-run request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/** The field path a warning is about: the text before the first ": ". */
function warningPath(w: string): string {
  const i = w.indexOf(': ');
  return i > 0 ? w.slice(0, i) : w;
}

let kc: KubeConfig;
const cases = loadCorpus();

describe('corpus vs the real kube-apiserver (server-side dry-run create)', () => {
  before(() => {
    kc = clusterFromEnv(); // throws (test fails) when KUBECONFIG is missing
  });

  test('the corpus has cases', () => assert.ok(cases.length >= 100));

  for (const c of cases) {
    test(c.name, async () => {
      if (c.expect === 'server-crash') {
        // an upstream bug: the apiserver panics in validation and aborts the connection (or answers 500)
        const r = await dryRunCreate(kc, c).catch((e: Error) => e);
        assert.ok(r instanceof Error ? /socket hang up|ECONNRESET/.test(r.message) : r.status >= 500, r instanceof Error ? r.message : `HTTP ${r.status}: the server no longer crashes; record its real answer`);
        return;
      }
      const r = await dryRunCreate(kc, c);
      const summary = () => `HTTP ${r.status} ${r.body.message ?? ''}\ncauses: ${JSON.stringify(r.body.details?.causes ?? [])}\nwarnings: ${JSON.stringify(r.warnings)}`;
      if (c.expect === 'decode-error') {
        assert.equal(r.status, 400, summary());
        return;
      }
      if (c.expect === 'valid') {
        assert.equal(r.status, 201, summary());
        assert.deepEqual(sorted(r.warnings.map(warningPath)), sorted(c.warnings), summary());
        return;
      }
      assert.equal(r.status, 422, summary());
      const got = (r.body.details?.causes ?? []).map((x) => `${x.field ?? ''} ${REASON_TO_TYPE[x.reason ?? ''] ?? x.reason}`);
      assert.deepEqual(sorted(got), sorted(c.errors), summary());
    });
  }
});
