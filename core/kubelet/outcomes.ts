/**
 * The outcome script: how each pod attempt of a Job ends. One format for the simulator's
 * `--outcomes` file and for the test kubelet (Job annotation `kjob.dev/outcomes`, read once per
 * Job UID). README.md, section "Outcome script", is the full specification; in short:
 *
 * { "default": {"exitCode": 0, "durationSeconds": 1},
 *   "indexes": { "0": [ {"exitCode": 1, "durationSeconds": 2}, {"exitCode": 0} ],
 *                "*": [ ...attempts of a NonIndexed Job in pod-creation order... ] },
 *   "events": [ {"atSeconds": 50, "patchSpec": {"suspend": false}} ] }
 *
 * - An attempt is one run of a pod's containers. Attempt numbers start at 0 per Job and per key
 *   (the completion index of an Indexed Job, "*" for NonIndexed): every new pod takes the next
 *   number of its key in pod-creation order, and so does every in-place restart
 *   (restartPolicy OnFailure; the restart comes after the kubelet's crash-loop back-off,
 *   core/kubelet/crashLoop.ts). Indexed Jobs never read "*".
 * - An entry is merged over `default`, which is merged over DEFAULT_ATTEMPT; attempts past the end
 *   of a list (or of an index without a list) are `default`.
 * - Time 0 of an attempt is when its containers start (the pod turns Running). Init containers
 *   finish instantly; main containers run `durationSeconds`; `evictedAfterSeconds` and
 *   `deletedAfterSeconds` only act when smaller than `durationSeconds`. Killed containers
 *   (eviction, end of a deletion grace period) exit with KILLED_EXIT_CODE (137).
 * - `events` patch the Job's spec (JSON merge patch of `{"spec": patchSpec}`) at `atSeconds` after
 *   the Job's creation.
 * - The test kubelet ignores an invalid script as a whole (every attempt is DEFAULT_ATTEMPT) and
 *   reports the errors in a Warning event `InvalidOutcomeScript` on the Job.
 */
export const OUTCOMES_ANNOTATION = 'kjob.dev/outcomes';

export interface Attempt {
  /** Exit code of the first main container (other containers exit 0 unless named in `exitCodes`). */
  exitCode?: number;
  /** Exit codes by container name (overrides `exitCode` for the named containers). */
  exitCodes?: Record<string, number>;
  /** Exit codes of init containers by name; a non-zero one fails the pod before containers start. */
  initExitCodes?: Record<string, number>;
  /** How long the containers run before exiting (seconds, may be fractional). */
  durationSeconds?: number;
  /** Lines the first main container prints, line i of n at i*durationSeconds/n (default: defaultLogs). */
  logs?: string[];
  /**
   * Pod condition types set to True, e.g. ["DisruptionTarget"]: with the eviction (default
   * ["DisruptionTarget"] there), before the scripted deletion, or else with the terminal status.
   */
  podConditions?: string[];
  /** Kubelet-style eviction after this many seconds: running containers killed (137), phase Failed, reason Evicted. */
  evictedAfterSeconds?: number;
  /** The pod is deleted (gracefully, as a user would) after this many seconds. */
  deletedAfterSeconds?: number;
  /** Grace period of the scripted deletion (default: the pod's terminationGracePeriodSeconds, else 30). */
  terminationGracePeriodSeconds?: number;
}

export interface OutcomeEvent {
  atSeconds: number;
  patchSpec?: Record<string, unknown>;
}

export interface OutcomeScript {
  default?: Attempt;
  indexes?: Record<string, Attempt[]>;
  events?: OutcomeEvent[];
}

/** Exit code of a container killed by an eviction or at the end of a deletion grace period (SIGKILL). */
export const KILLED_EXIT_CODE = 137;

export const DEFAULT_ATTEMPT: Readonly<Required<Pick<Attempt, 'exitCode' | 'durationSeconds'>>> = {
  exitCode: 0,
  durationSeconds: 1,
};

const ATTEMPT_KEYS: Record<keyof Attempt, 'int' | 'number' | 'intMap' | 'strings'> = {
  exitCode: 'int',
  exitCodes: 'intMap',
  initExitCodes: 'intMap',
  durationSeconds: 'number',
  logs: 'strings',
  podConditions: 'strings',
  evictedAfterSeconds: 'number',
  deletedAfterSeconds: 'number',
  terminationGracePeriodSeconds: 'int',
};

/** Validates untrusted JSON; returns the script and human-readable errors with JSON paths. */
export function parseOutcomeScript(input: unknown): { script: OutcomeScript; errors: string[] } {
  const errors: string[] = [];
  const script: OutcomeScript = {};
  if (!isObject(input)) return { script, errors: ['outcome script: expected a JSON object'] };
  for (const k of Object.keys(input)) {
    if (!['default', 'indexes', 'events'].includes(k)) errors.push(`${k}: unknown key (expected default, indexes, events)`);
  }
  if (input.default !== undefined) {
    const a = parseAttempt(input.default, 'default', errors);
    if (a) script.default = a;
  }
  if (input.indexes !== undefined) {
    if (!isObject(input.indexes)) errors.push('indexes: expected an object of index -> attempts');
    else {
      script.indexes = {};
      for (const [idx, list] of Object.entries(input.indexes)) {
        if (idx !== '*' && !/^(0|[1-9]\d*)$/.test(idx)) errors.push(`indexes.${idx}: key must be a completion index or "*"`);
        if (!Array.isArray(list)) {
          errors.push(`indexes.${idx}: expected a list of attempts`);
          continue;
        }
        script.indexes[idx] = list.map((a, i) => parseAttempt(a, `indexes.${idx}[${i}]`, errors) ?? {});
      }
    }
  }
  if (input.events !== undefined) {
    if (!Array.isArray(input.events)) errors.push('events: expected a list');
    else {
      script.events = [];
      input.events.forEach((e, i) => {
        if (!isObject(e) || typeof e.atSeconds !== 'number' || e.atSeconds < 0) {
          errors.push(`events[${i}]: expected {"atSeconds": <seconds >= 0>, "patchSpec": {...}}`);
          return;
        }
        if (e.patchSpec !== undefined && !isObject(e.patchSpec)) errors.push(`events[${i}].patchSpec: expected an object`);
        script.events!.push({ atSeconds: e.atSeconds, ...(isObject(e.patchSpec) ? { patchSpec: e.patchSpec } : {}) });
      });
      script.events.sort((a, b) => a.atSeconds - b.atSeconds);
    }
  }
  return { script, errors };
}

function parseAttempt(a: unknown, where: string, errors: string[]): Attempt | undefined {
  if (!isObject(a)) {
    errors.push(`${where}: expected an object`);
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(a)) {
    const kind = ATTEMPT_KEYS[k as keyof Attempt];
    if (!kind) {
      errors.push(`${where}.${k}: unknown key`);
      continue;
    }
    const ok =
      kind === 'int'
        ? Number.isInteger(v)
        : kind === 'number'
          ? typeof v === 'number' && v >= 0 && Number.isFinite(v)
          : kind === 'strings'
            ? Array.isArray(v) && v.every((s) => typeof s === 'string')
            : isObject(v) && Object.values(v).every((n) => Number.isInteger(n));
    if (!ok) errors.push(`${where}.${k}: expected ${kind === 'intMap' ? 'an object of container name -> integer' : kind === 'strings' ? 'a list of strings' : kind === 'int' ? 'an integer' : 'a number >= 0'}`);
    else out[k] = v;
  }
  return out as Attempt;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The attempt for a pod: `index` is the completion index (Indexed Jobs) or '*' (NonIndexed, where
 * `attempt` counts pods in creation order); `attempt` is 0-based. Missing entries repeat `default`.
 */
export function attemptFor(script: OutcomeScript, index: number | '*', attempt: number): Attempt {
  const list = script.indexes?.[String(index)];
  const base = { ...DEFAULT_ATTEMPT, ...(script.default ?? {}) };
  if (list && attempt < list.length) return { ...base, ...list[attempt] };
  return base;
}

/** Exit code of a named container in an attempt (the first container uses `exitCode`). */
export function exitCodeFor(a: Attempt, containerName: string, isFirst: boolean): number {
  if (a.exitCodes && containerName in a.exitCodes) return a.exitCodes[containerName];
  return isFirst ? (a.exitCode ?? 0) : 0;
}

/** Default log lines when the attempt gives none. */
export function defaultLogs(podName: string, index: number | '*', attempt: number): string[] {
  const idx = index === '*' ? '' : ` index ${index}`;
  return [`kjob: pod ${podName} started${idx} attempt ${attempt}`, `kjob: working${idx}`, `kjob: done${idx} attempt ${attempt}`];
}

/** When an attempt's scripted events come, in seconds from the start of its main containers. */
export interface RoundEvents {
  /** The main containers exit with the attempt's codes. */
  exit: number;
  /** Kubelet-style eviction (only when before the exit). */
  evict?: number;
  /** The scripted graceful deletion (only when before the exit). */
  delete?: number;
}

export function roundEvents(a: Attempt): RoundEvents {
  const exit = a.durationSeconds ?? DEFAULT_ATTEMPT.durationSeconds;
  const out: RoundEvents = { exit };
  if (a.evictedAfterSeconds !== undefined && a.evictedAfterSeconds < exit) out.evict = a.evictedAfterSeconds;
  if (a.deletedAfterSeconds !== undefined && a.deletedAfterSeconds < exit) out.delete = a.deletedAfterSeconds;
  return out;
}

/**
 * A pod deleted `elapsed` seconds after its main containers started, with `grace` seconds: they
 * still end on their own when that comes within the grace period (`natural`, `after` seconds from
 * now), else they are killed (KILLED_EXIT_CODE) at its end.
 */
export function deletionEnd(a: Attempt, elapsed: number, grace: number): { natural: boolean; after: number } {
  const remaining = Math.max(0, roundEvents(a).exit - elapsed);
  return remaining <= grace ? { natural: true, after: remaining } : { natural: false, after: grace };
}
