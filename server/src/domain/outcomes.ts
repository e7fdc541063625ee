/**
 * The outcome script: how each pod attempt of a Job ends. One format for the simulator's
 * `--outcomes` file and for the test kubelet (Job annotation `kjob.dev/outcomes`).
 *
 * { "default": {"exitCode": 0, "durationSeconds": 1},
 *   "indexes": { "0": [ {"exitCode": 1, "durationSeconds": 2}, {"exitCode": 0} ],
 *                "*": [ ...attempts of a NonIndexed Job in pod-creation order... ] },
 *   "events": [ {"atSeconds": 50, "patchSpec": {"suspend": false}} ] }
 *
 * Attempts past the end of a list repeat `default`.
 */
export const OUTCOMES_ANNOTATION = 'kjob.dev/outcomes';

export interface Attempt {
  /** Exit code of the first container. */
  exitCode?: number;
  /** Exit codes by container name (overrides `exitCode` for the named containers). */
  exitCodes?: Record<string, number>;
  /** Exit codes of init containers by name; a non-zero one fails the pod before containers start. */
  initExitCodes?: Record<string, number>;
  /** How long the containers run before exiting (seconds, may be fractional). */
  durationSeconds?: number;
  /** Lines the first container prints (default: a few lines naming index and attempt). */
  logs?: string[];
  /** Pod condition types added when the pod is evicted, e.g. ["DisruptionTarget"]. */
  podConditions?: string[];
  /** Evict (fail with podConditions) after this many seconds of running. */
  evictedAfterSeconds?: number;
  /** Delete the pod after this many seconds (as a user or an eviction would). */
  deletedAfterSeconds?: number;
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
