/**
 * One reconcile of the Job controller (syncJob + manageJob + trackJobStatusAndRemoveFinalizers),
 * as a pure function of the Job, its pods, the time and the in-memory back-off record.
 * The Job driver (driver.ts) applies the returned actions for Simulate and Run locally; explain reports them.
 */
import { IndexSet } from '../workloads/indexRanges';
import { newBackoffRecord, remainingTime, remainingTimePerIndex } from './backoff';
import { matchPodFailurePolicy } from './podFailurePolicy';
import {
  UNKNOWN_INDEX,
  compareForDeletion,
  completionIndex,
  finishedTime,
  indexFailureCount,
  indexIgnoredFailureCount,
  isActive,
  isPodFailed,
  isReady,
  isTerminating,
} from './pods';
import { matchSuccessPolicy } from './successPolicy';
import {
  JOB_CONTROLLER_NAME,
  MAX_POD_CREATE_DELETE_PER_SYNC,
  MAX_UNCOUNTED_PODS,
  MSG,
  type BackoffRecord,
  type CPod,
  type JobCondition,
  type JobSpecView,
  type JobStatusState,
  type JobView,
  type KEvent,
  type PodToCreate,
  type SyncResult,
} from './types';

export interface SyncOptions {
  /** 1.35+ gate MutableSchedulingDirectivesForSuspendedJobs: clear startTime on suspend (default off). */
  clearStartTimeOnSuspend?: boolean;
  /** The controller has observed all its own creates/deletes (always true in the simulator). */
  expectationsSatisfied?: boolean;
  /** Collect human-readable reasons (default true; large simulations without a timeline skip them). */
  reasons?: boolean;
}

export function cloneStatus(s: JobStatusState): JobStatusState {
  return {
    ...s,
    completedIndexes: s.completedIndexes.clone(),
    failedIndexes: s.failedIndexes ? s.failedIndexes.clone() : null,
    uncounted: { succeeded: copyUids(s.uncounted.succeeded), failed: copyUids(s.uncounted.failed) },
    conditions: s.conditions.map((c) => ({ ...c })),
  };
}

/**
 * A copy that syncJob may push pod UIDs into. Built from an array literal on purpose: V8 then learns
 * (allocation-site feedback) that these arrays hold strings, whereas a spread copy of an empty array
 * starts as a small-integer array and every first push of a UID deoptimized syncJob (a deopt loop
 * that kept the whole sync in the interpreter).
 */
function copyUids(a: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < a.length; i++) out.push(a[i]);
  return out;
}

export function findCondition(conds: JobCondition[], type: string): JobCondition | undefined {
  return conds.find((c) => c.type === type);
}

export function isFinished(status: JobStatusState): 'Complete' | 'Failed' | undefined {
  for (const c of status.conditions) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}

function newCondition(type: string, status: string, reason: string, message: string, now: number): JobCondition {
  return { type, status, reason, message, lastProbeTime: now, lastTransitionTime: now };
}

/** Sets a condition's status/reason/message; a missing condition is only added when not False. */
function ensureCondition(conds: JobCondition[], type: string, status: string, reason: string, message: string, now: number): boolean {
  const i = conds.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = conds[i];
    if (c.status !== status || c.reason !== reason || c.message !== message) {
      conds[i] = newCondition(type, status, reason, message, now);
      return true;
    }
    return false;
  }
  if (status !== 'False') {
    conds.push(newCondition(type, status, reason, message, now));
    return true;
  }
  return false;
}

function sameIntervals(a: IndexSet | null, b: IndexSet | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.size !== b.size) return false;
  const x = a.intervals();
  const y = b.intervals();
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i].first !== y[i].first || x[i].last !== y[i].last) return false;
  return true;
}

/** Whether the sync changed anything the API would store (decides the status write). */
function statusEqual(a: JobStatusState, b: JobStatusState): boolean {
  if (a.startTime !== b.startTime || a.completionTime !== b.completionTime || a.active !== b.active || a.ready !== b.ready || a.terminating !== b.terminating || a.succeeded !== b.succeeded || a.failed !== b.failed) return false;
  if (!sameIntervals(a.completedIndexes, b.completedIndexes) || !sameIntervals(a.failedIndexes, b.failedIndexes)) return false;
  if (a.uncounted.succeeded.length !== b.uncounted.succeeded.length || a.uncounted.failed.length !== b.uncounted.failed.length) return false;
  if (a.conditions.length !== b.conditions.length) return false;
  for (let i = 0; i < a.conditions.length; i++) {
    const c = a.conditions[i];
    const d = b.conditions[i];
    if (c.type !== d.type || c.status !== d.status || c.reason !== d.reason || c.message !== d.message || c.lastTransitionTime !== d.lastTransitionTime) return false;
  }
  return true;
}

function fmtSeconds(s: number): string {
  return `${Math.round(s * 1000) / 1000}s`;
}

/**
 * Per-Job scratch space reused across syncs (a stamp per completion index), so that marking the
 * indexes of active pods costs no allocation in long simulations. Holds no state between syncs.
 */
interface IndexMarks {
  stamp: Int32Array;
  gen: number;
}
const scratchByJob = new WeakMap<JobView, IndexMarks>();
function indexMarks(job: JobView, completions: number): IndexMarks {
  let s = scratchByJob.get(job);
  if (!s || s.stamp.length < completions || s.gen > 2_000_000_000) {
    s = { stamp: new Int32Array(Math.max(completions, 1)), gen: 0 };
    scratchByJob.set(job, s);
  }
  s.gen += 2;
  return s;
}

const NO_PUSH = (): number => 0;

interface PodScan {
  active: CPod[];
  finishing: CPod[];
  ready: number;
  terminating: number;
  activeIndexesClean: boolean;
}

/**
 * The one pass over all pods of a sync: active pods, ready and terminating counts, the indexes of
 * active pods (marks) and the finishing pods. A function of its own, small on purpose: it is the
 * only per-pod loop over every pod, and V8 optimizes a small function within a few syncs, whereas
 * syncJob as a whole takes its optimizing compiler hundreds of milliseconds (during which the loop
 * would run unoptimized).
 */
function scanPods(pods: CPod[], spec: JobSpecView, marks: IndexMarks | undefined, completions: number): PodScan {
  const active: CPod[] = [];
  const finishing: CPod[] = [];
  let ready = 0;
  let terminating = 0;
  let activeIndexesClean = true;
  for (let i = 0; i < pods.length; i++) {
    const p = pods[i];
    if (isActive(p)) {
      active.push(p);
      if (isReady(p)) ready++;
      if (marks !== undefined) {
        const ix = completionIndex(p);
        if (ix === UNKNOWN_INDEX || ix >= completions) activeIndexesClean = false;
        else if (marks.stamp[ix] === marks.gen) activeIndexesClean = false;
        else marks.stamp[ix] = marks.gen;
      }
    } else if (isTerminating(p)) terminating++;
    if (p.finalizer && (p.phase === 'Succeeded' || isPodFailed(p, spec))) finishing.push(p);
  }
  return { active, finishing, ready, terminating, activeIndexesClean };
}

export function syncJob(job: JobView, pods: CPod[], now: number, backoff: BackoffRecord, opts: SyncOptions = {}): SyncResult {
  const reasons: string[] = [];
  // Nothing is recorded without reasons. One shared function: a new closure per sync would make the
  // array's `push` field change value every sync and deoptimize the code that depends on it.
  if (opts.reasons === false) reasons.push = NO_PUSH;
  const events: KEvent[] = [];
  const result: SyncResult = {
    status: job.status,
    statusChanged: false,
    create: [],
    deleteActive: [],
    deleteRemoved: [],
    removeFinalizers: [],
    backoff,
    events,
    reasons,
  };
  const spec = job.spec;
  if (spec.managedBy !== undefined && spec.managedBy !== null && spec.managedBy !== JOB_CONTROLLER_NAME) {
    reasons.push(`spec.managedBy is "${spec.managedBy}": the built-in Job controller leaves this Job to that controller`);
    return { ...result, skipped: true };
  }
  const done = isFinished(job.status);
  if (done) {
    reasons.push(`the Job is finished (${done}=True): the controller does nothing more; leftover pod finalizers are cleaned by the orphan worker`);
    return { ...result, skipped: true, backoff: { failuresAfterLastSuccess: 0 } };
  }
  if (spec.completionMode !== 'NonIndexed' && spec.completionMode !== 'Indexed') {
    events.push({ type: 'Warning', reason: 'UnknownCompletionMode', message: 'Skipped Job sync because completion mode is unknown' });
    reasons.push(`completionMode "${spec.completionMode}" is unknown: the Job is skipped`);
    return { ...result, skipped: true };
  }
  const status = cloneStatus(job.status);
  const indexed = spec.indexed;
  const completions = spec.completions ?? 0;
  const suspended = spec.suspend;
  const expectationsSatisfied = opts.expectationsSatisfied ?? true;
  const uncountedS = new Set(status.uncounted.succeeded);
  const uncountedF = new Set(status.uncounted.failed);

  // One pass: active pods, ready and terminating counts, and the pods the tracking steps below
  // look at (still carrying the finalizer and succeeded or failed: the only ones that can count as
  // new successes/failures, complete or fail an index, delay a replacement or lose the finalizer
  // while the Job is neither finished nor deleting). Kept in pod order, so every step below sees
  // the same pods in the same order as a scan over all pods would.
  // Indexed: mark the indexes held by active pods (stamp == gen) and note invalid or repeated ones.
  const marks: IndexMarks | undefined = indexed ? indexMarks(job, completions) : undefined;
  const scan = scanPods(pods, spec, marks, completions);
  const activePods = scan.active;
  const finishing = scan.finishing;
  let ready = scan.ready;
  let terminating = scan.terminating;
  const activeIndexesClean = scan.activeIndexesClean;
  let active = activePods.length;
  const isActiveIndex = (ix: number) => marks !== undefined && ix >= 0 && ix < completions && marks.stamp[ix] >= marks.gen;

  const validIndex = (p: CPod) => {
    if (!indexed) return true;
    const ix = completionIndex(p);
    return ix !== UNKNOWN_INDEX && ix < completions;
  };
  const newSucceeded: CPod[] = [];
  const newFailed: CPod[] = [];
  newlyFinished(finishing, spec, indexed, completions, uncountedS, uncountedF, newSucceeded, newFailed);
  let succeeded = status.succeeded + newSucceeded.length + uncountedS.size;
  const policyOf = new Map<CPod, ReturnType<typeof matchPodFailurePolicy>>();
  const policy = (p: CPod) => {
    let m = policyOf.get(p);
    if (!m) policyOf.set(p, (m = matchPodFailurePolicy(spec.podFailurePolicy, p)));
    return m;
  };
  const nonIgnored = spec.podFailurePolicy ? newFailed.filter((p) => policy(p).countFailed).length : newFailed.length;
  const failed = status.failed + nonIgnored + uncountedF.size;
  if (newSucceeded.length || newFailed.length) {
    reasons.push(`observed ${newSucceeded.length} newly succeeded and ${newFailed.length} newly failed pod(s)${newFailed.length - nonIgnored ? ` (${newFailed.length - nonIgnored} ignored by the pod failure policy)` : ''}`);
  }

  if (status.startTime === undefined && !suspended) {
    status.startTime = now;
    reasons.push('the Job starts now: status.startTime is set');
  }
  const newBackoff = newBackoffRecord(backoff, newSucceeded, newFailed);

  let finished: JobCondition | undefined;
  const scm = job.status.conditions.find((c) => c.type === 'SuccessCriteriaMet' && c.status === 'True');
  if (scm) {
    finished = { ...scm };
    reasons.push(`SuccessCriteriaMet is already set (${scm.reason}): failure criteria are no longer evaluated`);
  } else {
    const ft = job.status.conditions.find((c) => c.type === 'FailureTarget' && c.status === 'True');
    if (ft) {
      finished = newCondition('Failed', 'True', ft.reason, ft.message, now);
      reasons.push(`FailureTarget is already set (${ft.reason}): the Job fails once no pod is terminating`);
    } else if (spec.podFailurePolicy) {
      for (const p of pods) {
        if (!isPodFailed(p, spec)) continue;
        const m = policy(p);
        if (m.failJobMessage) {
          finished = newCondition('FailureTarget', 'True', 'PodFailurePolicy', m.failJobMessage, now);
          reasons.push(`pod ${p.name} matches podFailurePolicy rule ${m.ruleIndex} (FailJob)`);
          break;
        }
      }
    }
  }
  if (!finished) {
    const exceeds = failed > spec.backoffLimit;
    const onFailure = pastBackoffLimitOnFailure(job, pods);
    if (exceeds || onFailure) {
      finished = newCondition('FailureTarget', 'True', 'BackoffLimitExceeded', MSG.backoffLimit, now);
      reasons.push(
        exceeds
          ? `${failed} counted pod failure(s) exceed backoffLimit ${spec.backoffLimit}`
          : `container restarts of running pods reached backoffLimit ${spec.backoffLimit} (restartPolicy OnFailure)`,
      );
    } else if (spec.activeDeadlineSeconds !== undefined && status.startTime !== undefined && !suspended) {
      const elapsed = now - status.startTime;
      if (elapsed >= spec.activeDeadlineSeconds) {
        finished = newCondition('FailureTarget', 'True', 'DeadlineExceeded', MSG.deadline, now);
        reasons.push(`the Job has been active ${fmtSeconds(elapsed)} >= activeDeadlineSeconds ${spec.activeDeadlineSeconds}`);
      } else {
        const left = spec.activeDeadlineSeconds - elapsed;
        result.requeueAfter = left;
        reasons.push(`activeDeadlineSeconds: ${fmtSeconds(left)} left before the deadline`);
      }
    }
  }

  let succeededIndexes = new IndexSet();
  let prevSucceededIndexes = new IndexSet();
  let failedIndexes: IndexSet | null = null;
  let delayed = new Map<number, CPod>();
  if (indexed) {
    prevSucceededIndexes = status.completedIndexes.clone();
    prevSucceededIndexes.truncate(completions);
    succeededIndexes = prevSucceededIndexes.clone();
    addSucceededIndexes(finishing, completions, succeededIndexes);
    succeeded = succeededIndexes.size;
    if (spec.backoffLimitPerIndex !== undefined) {
      failedIndexes = status.failedIndexes ? status.failedIndexes.clone() : new IndexSet();
      failedIndexes.truncate(completions);
      for (const p of finishing) {
        // Only pods not yet accounted (still carrying the tracking finalizer) can fail an index.
        if (!isIndexFailed(p)) continue;
        const ix = completionIndex(p);
        if (ix !== UNKNOWN_INDEX && ix < completions && failedIndexes.add(ix)) reasons.push(`index ${ix} fails: pod ${p.name} ${policy(p).action === 'FailIndex' ? `matches podFailurePolicy rule ${policy(p).ruleIndex} (FailIndex)` : `used up backoffLimitPerIndex ${spec.backoffLimitPerIndex}`}`);
      }
      if (!finished) {
        if (spec.maxFailedIndexes !== undefined && failedIndexes.size > spec.maxFailedIndexes) {
          finished = newCondition('FailureTarget', 'True', 'MaxFailedIndexesExceeded', MSG.maxFailedIndexes, now);
          reasons.push(`${failedIndexes.size} failed index(es) exceed maxFailedIndexes ${spec.maxFailedIndexes}`);
        } else if (failedIndexes.size > 0 && failedIndexes.size + succeededIndexes.size >= completions) {
          finished = newCondition('FailureTarget', 'True', 'FailedIndexes', MSG.failedIndexes, now);
          reasons.push(`every index is finished and ${failedIndexes.size} of them failed`);
        }
      }
      delayed = podsWithDelayedDeletionPerIndex(finishing, isActiveIndex, succeededIndexes, failedIndexes, job, completions);
    }
    if (!finished) {
      const msg = matchSuccessPolicy(spec.successPolicy, completions, succeededIndexes);
      if (msg) {
        finished = newCondition('SuccessCriteriaMet', 'True', 'SuccessPolicy', msg, now);
        reasons.push(`successPolicy: ${msg}`);
      }
    }
  }

  function isIndexFailed(p: CPod): boolean {
    if (!isPodFailed(p, spec)) return false;
    let counted = true;
    if (spec.podFailurePolicy) {
      const m = policy(p);
      if (m.action === 'FailIndex') return true;
      counted = m.countFailed;
    }
    return counted && indexFailureCount(p) >= (spec.backoffLimitPerIndex ?? 0);
  }

  let suspendChanged = false;
  if (finished) {
    for (const p of activePods) {
      result.deleteActive.push(p);
      if (isReady(p)) ready--;
    }
    if (activePods.length) reasons.push(`deleting ${activePods.length} active pod(s) because the Job ${finished.type === 'SuccessCriteriaMet' ? 'met its success criteria' : 'is failing'}`);
    active -= activePods.length;
    terminating += activePods.length;
    if (!expectationsSatisfied) finished = undefined;
  } else {
    let manageJobCalled = false;
    if (expectationsSatisfied && !job.deleting) {
      manageJobCalled = true;
      const m = manageJob();
      active = m;
    } else if (job.deleting) reasons.push('the Job is being deleted: no pods are created');
    const complete = spec.completions === null ? succeeded > 0 && active === 0 : succeeded >= completions && active === 0;
    if (complete) {
      finished = newCondition('SuccessCriteriaMet', 'True', 'CompletionsReached', MSG.completionsReached, now);
      reasons.push(spec.completions === null ? 'a pod succeeded and no pod is active: the work queue is done' : `${succeeded} of ${completions} completions reached`);
    } else if (manageJobCalled) {
      if (suspended) {
        if (ensureCondition(status.conditions, 'Suspended', 'True', 'JobSuspended', MSG.suspended, now)) {
          suspendChanged = true;
          events.push({ type: 'Normal', reason: 'Suspended', message: MSG.suspended });
          if (opts.clearStartTimeOnSuspend) status.startTime = undefined;
        }
      } else if (ensureCondition(status.conditions, 'Suspended', 'False', 'JobResumed', MSG.resumed, now)) {
        suspendChanged = true;
        events.push({ type: 'Normal', reason: 'Resumed', message: MSG.resumed });
        status.startTime = now;
        reasons.push('the Job resumed: status.startTime restarts now');
      }
    }
  }
  void suspendChanged;

  function manageJob(): number {
    let act = activePods.length;
    if (suspended) {
      const rm = activePodsForRemoval(activePods, act);
      for (const p of rm) {
        result.deleteRemoved.push(p);
        if (isReady(p)) ready--;
      }
      if (rm.length) reasons.push(`the Job is suspended: deleting ${rm.length} active pod(s) (not counted as failures)`);
      else reasons.push('the Job is suspended: no pods are created');
      terminating += rm.length;
      return act - rm.length;
    }
    let wantActive: number;
    if (spec.completions === null) wantActive = succeeded > 0 ? act : spec.parallelism;
    else wantActive = Math.max(0, Math.min(completions - succeeded, spec.parallelism));
    const rmAtLeast = Math.max(0, act - wantActive);
    let rm = activePodsForRemoval(activePods, rmAtLeast);
    if (rm.length > MAX_POD_CREATE_DELETE_PER_SYNC) rm = rm.slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (rm.length) {
      for (const p of rm) {
        result.deleteRemoved.push(p);
        if (isReady(p)) ready--;
      }
      reasons.push(`${act} active pod(s) but ${wantActive} wanted: deleting ${rm.length} (finalizer removed first, not counted)`);
      terminating += rm.length;
      return act - rm.length;
    }
    const term = spec.podReplacementPolicy === 'Failed' ? terminating : 0;
    let diff = wantActive - term - act;
    if (diff <= 0) {
      if (spec.completions === null && succeeded > 0 && act > 0) reasons.push('work queue: a pod succeeded, so no new pods; waiting for the active ones to finish');
      else if (term > 0 && wantActive - act > 0) reasons.push(`podReplacementPolicy Failed: waiting for ${term} terminating pod(s) to finish before replacing them`);
      return act;
    }
    if (spec.backoffLimitPerIndex === undefined) {
      const rem = remainingTime(newBackoff.failuresAfterLastSuccess, newBackoff.lastFailureTime, now);
      if (rem > 0) {
        result.requeueAfter = minDefined(result.requeueAfter, rem);
        reasons.push(`pod failure back-off: ${newBackoff.failuresAfterLastSuccess} failure(s) since the last success, ${fmtSeconds(rem)} left before creating ${diff} pod(s)`);
        return act;
      }
    }
    diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (indexed) {
      let ixs = firstPendingIndexes(diff);
      if (spec.backoffLimitPerIndex !== undefined) {
        const ready: number[] = [];
        let minRem: number | undefined;
        for (const ix of ixs) {
          const rem = remainingTimePerIndex(delayed.get(ix), now);
          if (rem <= 0) ready.push(ix);
          else {
            minRem = minDefined(minRem, rem);
            reasons.push(`index ${ix}: per-index back-off, ${fmtSeconds(rem)} left`);
          }
        }
        if (ready.length === 0 && minRem !== undefined) {
          result.requeueAfter = minDefined(result.requeueAfter, minRem);
          return act;
        }
        ixs = ready;
      }
      for (const ix of ixs) {
        let c: PodToCreate;
        if (spec.backoffLimitPerIndex !== undefined) {
          const prev = delayed.get(ix);
          let fc = 0;
          let ic = 0;
          if (prev) {
            fc = indexFailureCount(prev);
            ic = indexIgnoredFailureCount(prev);
            if (!spec.podFailurePolicy || policy(prev).countFailed) fc++;
            else ic++;
          }
          // One literal with every field (adding fields later moves them out of the object).
          c = { index: ix, failureCount: fc, ignoredFailureCount: ic };
        } else c = { index: ix };
        result.create.push(c);
      }
      if (ixs.length && opts.reasons !== false) reasons.push(`creating ${ixs.length} pod(s) for index(es) ${IndexSet.from(ixs).toString()} (lowest pending first)`);
      return act + ixs.length;
    }
    for (let i = 0; i < diff; i++) result.create.push({});
    reasons.push(`creating ${diff} pod(s): ${wantActive} wanted, ${act} active${term ? `, ${term} terminating` : ''}`);
    return act + diff;
  }

  function activePodsForRemoval(list: CPod[], rmAtLeast: number): CPod[] {
    let rm: CPod[] = [];
    let left: CPod[];
    if (indexed) {
      // Fast path: no pod without a valid index and no index held twice.
      if (activeIndexesClean && rmAtLeast === 0) return [];
      left = [];
      const byIndex = new Map<number, CPod[]>();
      for (const p of list) {
        const ix = completionIndex(p);
        if (ix === UNKNOWN_INDEX || ix >= completions) rm.push(p);
        else {
          const l = byIndex.get(ix);
          if (l) l.push(p);
          else byIndex.set(ix, [p]);
        }
      }
      for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
        const same = byIndex.get(ix)!;
        if (same.length === 1) left.push(same[0]);
        else {
          same.sort(compareForDeletion);
          rm.push(...same.slice(0, -1));
          left.push(same[same.length - 1]);
        }
      }
    } else left = list;
    if (rm.length < rmAtLeast) {
      const sorted = [...left].sort(compareForDeletion);
      rm = rm.concat(sorted.slice(0, rmAtLeast - rm.length));
    }
    return rm;
  }

  function firstPendingIndexes(count: number): number[] {
    // Busy: indexes of active pods (stamp == gen) and, under podReplacementPolicy Failed, of
    // terminating pods (stamp == gen + 1).
    if (spec.podReplacementPolicy === 'Failed' && marks) {
      for (const p of pods) {
        const ix = completionIndex(p);
        if (isTerminating(p) && ix !== UNKNOWN_INDEX && ix < completions && marks.stamp[ix] < marks.gen) marks.stamp[ix] = marks.gen + 1;
      }
    }
    const out: number[] = [];
    let c = 0;
    while (c < completions && out.length < count) {
      const n1 = succeededIndexes.nextAbsent(c);
      const n2 = failedIndexes ? failedIndexes.nextAbsent(n1) : n1;
      if (n2 !== c) {
        c = n2;
        continue;
      }
      // c is in neither set, nor is any index up to the next one that is in either: take the
      // ones no pod is busy with.
      let end = Math.min(completions, succeededIndexes.nextPresent(c));
      if (failedIndexes) end = Math.min(end, failedIndexes.nextPresent(c));
      for (; c < end && out.length < count; c++) if (marks === undefined || marks.stamp[c] < marks.gen) out.push(c);
    }
    return out;
  }

  // ---- status tracking and finalizer removal ----
  status.active = active;
  status.ready = ready;
  status.terminating = terminating;
  if (status.uncounted.succeeded.length || status.uncounted.failed.length) {
    const withFinalizer = new Set<string>();
    for (const p of pods) if (p.finalizer) withFinalizer.add(p.uid);
    cleanUncounted(status, withFinalizer);
  }
  const preExistingUncounted = status.uncounted.succeeded.length + status.uncounted.failed.length;
  const newSucceededIndexes: number[] = [];
  let reachedMaxUncounted = false;
  const failing = finished !== undefined && finished.type !== 'SuccessCriteriaMet';
  // Pods whose finalizer goes this sync; Indexed Jobs introduce completed indexes in order.
  const removable: CPod[] = [];
  // Unless the Job is finished or being deleted, only succeeded or failed pods lose the finalizer.
  for (const p of job.deleting || finished !== undefined ? pods : finishing) {
    if (p.finalizer && canRemoveFinalizer(p, isPodFailed(p, spec))) removable.push(p);
  }
  if (indexed && removable.length > 1) removable.sort((a, b) => completionIndex(a) - completionIndex(b));
  reachedMaxUncounted = trackRemovable(removable, spec, indexed, completions, failing, uncountedS, uncountedF, prevSucceededIndexes, newSucceededIndexes, status.uncounted, result.removeFinalizers, policy);
  function canRemoveFinalizer(p: CPod, considerFailed: boolean): boolean {
    if (job.deleting || finished !== undefined || p.phase === 'Succeeded') return true;
    if (!considerFailed) return false;
    if (spec.backoffLimitPerIndex !== undefined) {
      const ix = completionIndex(p);
      if (ix !== UNKNOWN_INDEX && delayed.get(ix) === p) {
        reasons.push(`pod ${p.name} keeps its finalizer until index ${ix} has a replacement (its failure is counted then)`);
        return false;
      }
    }
    return true;
  }
  if (indexed) {
    for (const ix of newSucceededIndexes) succeededIndexes.add(ix);
    status.completedIndexes = succeededIndexes;
    status.succeeded = succeededIndexes.size;
    status.failedIndexes = failedIndexes;
  }
  if (finished && finished.type === 'FailureTarget') {
    status.conditions.push(finished);
    finished = newCondition('Failed', 'True', finished.reason, finished.message, now);
  }
  if (finished && finished.type === 'SuccessCriteriaMet') {
    if (!status.conditions.some((c) => c.type === 'SuccessCriteriaMet' && c.status === 'True')) status.conditions.push(finished);
    finished = newCondition('Complete', 'True', finished.reason, finished.message, now);
  }
  // Finalizers are removed (synchronously here): move the UIDs into the counters.
  if (preExistingUncounted === 0) {
    // Every uncounted entry was added by this sync for a pod whose finalizer is removed now.
    status.succeeded += status.uncounted.succeeded.length;
    status.failed += status.uncounted.failed.length;
    status.uncounted = { succeeded: [], failed: [] };
  } else {
    const removed = new Set(result.removeFinalizers);
    const stillWith = new Set<string>();
    for (const p of pods) if (p.finalizer && !removed.has(p)) stillWith.add(p.uid);
    cleanUncounted(status, stillWith);
  }
  if (finished && !reachedMaxUncounted) {
    if (status.uncounted.succeeded.length + status.uncounted.failed.length > 0) {
      reasons.push(`${finished.type} waits for uncounted pods to be accounted`);
    } else if (status.terminating > 0) {
      reasons.push(`${finished.type} (${finished.reason}) waits for ${status.terminating} terminating pod(s) to be gone`);
    } else {
      ensureCondition(status.conditions, finished.type, finished.status, finished.reason, finished.message, now);
      if (finished.type === 'Complete') {
        status.completionTime = now;
        if (spec.completions !== null && status.succeeded > completions) {
          events.push({ type: 'Warning', reason: 'TooManySucceededPods', message: 'Too many succeeded pods running after completion count reached' });
        }
        events.push({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
      } else events.push({ type: 'Warning', reason: finished.reason, message: finished.message });
      reasons.push(`the Job is ${finished.type === 'Complete' ? 'complete' : 'failed'}: ${finished.type} (${finished.reason}) is added`);
    }
  }
  result.status = status;
  result.statusChanged = !statusEqual(status, job.status);
  result.backoff = result.statusChanged ? newBackoff : backoff;
  return result;
}

// The loops of syncJob over the pods that finished since the last sync, as small functions of their
// own (see scanPods: V8 optimizes these within a few syncs, syncJob itself much later).

/** Finished pods not yet counted, split by outcome (pods without a valid index are skipped). */
function newlyFinished(finishing: CPod[], spec: JobSpecView, indexed: boolean, completions: number, uncountedS: Set<string>, uncountedF: Set<string>, newSucceeded: CPod[], newFailed: CPod[]): void {
  for (let i = 0; i < finishing.length; i++) {
    const p = finishing[i];
    if (indexed) {
      const ix = completionIndex(p);
      if (ix === UNKNOWN_INDEX || ix >= completions) continue;
    }
    if (p.phase === 'Succeeded' && !inSet(uncountedS, p)) newSucceeded.push(p);
    else if (isPodFailed(p, spec) && !inSet(uncountedF, p)) newFailed.push(p);
  }
}

/** Adds the valid indexes of the succeeded pods among `finishing`. */
function addSucceededIndexes(finishing: CPod[], completions: number, into: IndexSet): void {
  for (let i = 0; i < finishing.length; i++) {
    const p = finishing[i];
    if (p.phase !== 'Succeeded') continue;
    const ix = completionIndex(p);
    if (ix !== UNKNOWN_INDEX && ix < completions) into.add(ix);
  }
}

/**
 * Pods whose tracking finalizer is removed this sync, in order: each is added to `out`; a newly
 * completed index goes to newSucceededIndexes, a NonIndexed success or a counted failure to the
 * uncounted UIDs. Stops at MAX_UNCOUNTED_PODS; returns whether it did.
 */
function trackRemovable(
  removable: CPod[],
  spec: JobSpecView,
  indexed: boolean,
  completions: number,
  failing: boolean,
  uncountedS: Set<string>,
  uncountedF: Set<string>,
  prevSucceededIndexes: IndexSet,
  newSucceededIndexes: number[],
  uncounted: { succeeded: string[]; failed: string[] },
  out: CPod[],
  policy: (p: CPod) => ReturnType<typeof matchPodFailurePolicy>,
): boolean {
  for (let i = 0; i < removable.length; i++) {
    const p = removable[i];
    const considerFailed = isPodFailed(p, spec);
    out.push(p);
    if (p.phase === 'Succeeded' && !inSet(uncountedF, p)) {
      if (indexed) {
        const ix = completionIndex(p);
        if (ix !== UNKNOWN_INDEX && ix < completions && !prevSucceededIndexes.has(ix)) newSucceededIndexes.push(ix);
      } else if (!uncountedS.has(p.uid)) {
        uncounted.succeeded.push(p.uid);
        uncountedS.add(p.uid);
      }
    } else if (considerFailed || failing) {
      if (!uncountedF.has(p.uid) && (!indexed || (completionIndex(p) !== UNKNOWN_INDEX && completionIndex(p) < completions))) {
        if (!spec.podFailurePolicy || policy(p).countFailed) {
          uncounted.failed.push(p.uid);
          uncountedF.add(p.uid);
        }
      }
    }
    if (newSucceededIndexes.length + uncounted.succeeded.length + uncounted.failed.length >= MAX_UNCOUNTED_PODS) return true;
  }
  return false;
}

/** Whether the pod's UID is in the set (an empty set, the usual case, needs no UID). */
function inSet(uids: Set<string>, p: CPod): boolean {
  return uids.size > 0 && uids.has(p.uid);
}

function minDefined(a: number | undefined, b: number): number {
  return a === undefined ? b : Math.min(a, b);
}

function cleanUncounted(status: JobStatusState, withFinalizer: Set<string>): void {
  const s = status.uncounted.succeeded.filter((u) => withFinalizer.has(u));
  status.succeeded += status.uncounted.succeeded.length - s.length;
  status.uncounted.succeeded = s;
  const f = status.uncounted.failed.filter((u) => withFinalizer.has(u));
  status.failed += status.uncounted.failed.length - f.length;
  status.uncounted.failed = f;
}

function pastBackoffLimitOnFailure(job: JobView, pods: CPod[]): boolean {
  if (job.spec.restartPolicy !== 'OnFailure') return false;
  let n = 0;
  for (const p of pods) {
    if (p.phase !== 'Running' && p.phase !== 'Pending') continue;
    for (const c of p.initContainerStatuses) n += c.restartCount;
    for (const c of p.containerStatuses) n += c.restartCount;
  }
  return job.spec.backoffLimit === 0 ? n > 0 : n >= job.spec.backoffLimit;
}

function podsWithDelayedDeletionPerIndex(pods: CPod[], isActiveIndex: (ix: number) => boolean, succeeded: IndexSet, failed: IndexSet, job: JobView, completions: number): Map<number, CPod> {
  const out = new Map<number, CPod>();
  for (const p of pods) {
    if (!p.finalizer || !isPodFailed(p, job.spec)) continue;
    const ix = completionIndex(p);
    if (ix === UNKNOWN_INDEX || ix >= completions || succeeded.has(ix) || failed.has(ix) || isActiveIndex(ix)) continue;
    const cur = out.get(ix);
    if (!cur) out.set(ix, p);
    else {
      const a = indexFailureCount(p) + indexIgnoredFailureCount(p);
      const b = indexFailureCount(cur) + indexIgnoredFailureCount(cur);
      if (a >= b && finishedTime(p) >= finishedTime(cur)) out.set(ix, p);
    }
  }
  return out;
}
