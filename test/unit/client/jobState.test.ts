import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexRuns, indexState, jobIndexSets, podsByIndex, runLabel } from '../../../client/src/jobs/jobState';
import { jobDescription, jobPhase, jobStateText } from '../../../client/src/jobs/presentation';
import { job, pod } from './fixtures';

const cond = (type: string, reason?: string) => ({ type, status: 'True', ...(reason ? { reason } : {}) });

test('an index moves through pending → running → backoff → retry running → succeeded', () => {
  const j = job('ix', { indexed: true, completions: 3, spec: { backoffLimitPerIndex: 2 } });
  const sets = () => jobIndexSets(j);
  const a1 = pod(j, 'ix-0-a', { index: 0, phase: 'Pending', created: '2026-01-01T00:00:00Z' });
  assert.equal(indexState(0, sets(), [a1]).state, 'pending');
  const a1r = pod(j, 'ix-0-a', { index: 0, phase: 'Running', created: '2026-01-01T00:00:00Z' });
  assert.equal(indexState(0, sets(), [a1r]).state, 'running');
  const a1f = pod(j, 'ix-0-a', { index: 0, phase: 'Failed', created: '2026-01-01T00:00:00Z' });
  const backoff = indexState(0, sets(), [a1f]);
  assert.equal(backoff.state, 'backoff');
  assert.equal(backoff.attempts, 1);
  const a2 = pod(j, 'ix-0-b', { index: 0, phase: 'Running', created: '2026-01-01T00:00:10Z', failureCount: 1 });
  const byIndex = podsByIndex([a1f, a2]);
  assert.deepEqual(byIndex.get(0)!.map((p) => p.metadata?.name), ['ix-0-b', 'ix-0-a'], 'newest first');
  const retry = indexState(0, sets(), byIndex.get(0));
  assert.equal(retry.state, 'running');
  assert.equal(retry.attempts, 2);
  assert.equal(retry.failureCount, 1);
  j.status = { completedIndexes: '0' };
  assert.equal(indexState(0, sets(), byIndex.get(0)).state, 'succeeded');
});

test('failedIndexes (backoffLimitPerIndex, podFailurePolicy FailIndex) mark an index failed', () => {
  const j = job('ix', { indexed: true, completions: 4, spec: { backoffLimitPerIndex: 1 }, status: { failedIndexes: '1,3', completedIndexes: '0' } });
  const sets = jobIndexSets(j);
  assert.equal(indexState(1, sets).state, 'failed');
  assert.equal(indexState(3, sets).state, 'failed');
  assert.equal(indexState(0, sets).state, 'succeeded');
  assert.equal(indexState(2, sets).state, 'notStarted');
});

test('after the Job failed, a failed newest attempt is failed (no retry is coming)', () => {
  const j = job('ix', { indexed: true, completions: 2, status: { conditions: [cond('Failed', 'BackoffLimitExceeded')] } });
  const p = pod(j, 'ix-1', { index: 1, phase: 'Failed' });
  assert.equal(indexState(1, jobIndexSets(j), [p]).state, 'failed');
  assert.equal(indexState(0, jobIndexSets(j), []).state, 'notStarted');
});

test('a suspended Job: terminating pods wait, indexes without pods are not started', () => {
  const j = job('ix', { indexed: true, completions: 2, spec: { suspend: true }, status: { conditions: [cond('Suspended', 'JobSuspended')] } });
  assert.equal(indexState(0, jobIndexSets(j), []).state, 'notStarted');
  assert.equal(jobPhase(j).phase, 'suspended');
  assert.match(jobDescription(j), /suspended/);
});

test('huge Jobs collapse into runs: 100,000 indexes with a few active ones', () => {
  const j = job('big', { indexed: true, completions: 100_000, parallelism: 3, status: { completedIndexes: '0-4999,5003-9999' } });
  const pods = [pod(j, 'b-5000', { index: 5000 }), pod(j, 'b-5001', { index: 5001, phase: 'Pending' }), pod(j, 'b-5002', { index: 5002, phase: 'Failed' })];
  const runs = indexRuns(jobIndexSets(j), podsByIndex(pods));
  assert.deepEqual(runs.map(runLabel), ['0-4999 succeeded', '5000 running', '5001 pending', '5002 waiting for backoff', '5003-9999 succeeded', '10000-99999 not started']);
});

test('Job labels come from conditions', () => {
  assert.equal(jobStateText(job('a', { status: { conditions: [cond('Complete')] } })), 'Complete');
  assert.equal(jobStateText(job('a', { status: { conditions: [cond('FailureTarget', 'PodFailurePolicy'), cond('Failed', 'PodFailurePolicy')] } })), 'Failed: PodFailurePolicy');
  assert.equal(jobStateText(job('a', { status: { conditions: [cond('FailureTarget', 'BackoffLimitExceeded')] } })), 'Failing: BackoffLimitExceeded (pods terminating)');
  assert.equal(jobStateText(job('a', { status: { conditions: [cond('SuccessCriteriaMet', 'SuccessPolicy')] } })), 'Succeeding (pods terminating)');
  assert.equal(jobStateText(job('a', { status: { active: 1, startTime: '2026-01-01T00:00:00Z' } })), 'Running');
});

test('Job description: done/total, failures, running; work queues have no total', () => {
  assert.equal(jobDescription(job('a', { completions: 10, status: { succeeded: 7, failed: 1, active: 2 } })), '7/10 ✓ · 1 ✗ · 2 running');
  assert.equal(jobDescription(job('q', { completions: null, status: { succeeded: 3, active: 2 } })), '3 ✓ · 2 running');
  assert.equal(jobDescription(job('f', { completions: 2, status: { failed: 7, conditions: [cond('Failed', 'BackoffLimitExceeded')] } })), '0/2 ✓ · 7 ✗ · BackoffLimitExceeded');
});
