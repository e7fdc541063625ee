import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyError } from '../../../client/src/cluster/errors';
import { KubeApiError } from '../../../client/src/cluster/kube';

test('connection failures, 401, 403 and missing kubeconfig are told apart, each with an action', () => {
  const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' }) });
  assert.equal(classifyError(refused).kind, 'unreachable');
  assert.equal(classifyError(refused).action?.command, 'kjob.refresh');
  const u = classifyError(new KubeApiError(401, 'Unauthorized', { message: 'Unauthorized' }));
  assert.equal(u.kind, 'unauthorized');
  const f = classifyError(new KubeApiError(403, 'x', { message: 'jobs.batch is forbidden: User "viewer" cannot list resource "jobs"' }));
  assert.equal(f.kind, 'forbidden');
  assert.match(f.message, /cannot list resource "jobs"/);
  assert.equal(classifyError(Object.assign(new Error('No kubeconfig'), { kjobKind: 'noKubeconfig' })).kind, 'noKubeconfig');
  assert.equal(classifyError({ statusCode: 500, message: 'boom' }).kind, 'other');
});
