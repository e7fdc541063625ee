/**
 * The virtual kubelet of Simulate: plays an outcome script (outcomes.ts) in virtual time. A pod
 * starts `startDelaySeconds` after its creation; init containers end at once with the attempt's
 * initExitCodes; the main containers run the attempt's durationSeconds and exit with its codes; the
 * attempt's eviction and scripted deletion come at their times. The driver (core/controller/driver.ts)
 * does the rest of the pod lifecycle: restarts and their back-off, readiness, deletion, finalizers.
 */
import { KILLED_EXIT_CODE, attemptFor, deletionEnd, exitCodeFor, roundEvents, type Attempt, type OutcomeScript } from './outcomes';
import type { DPod, Driver, EvKind, Kubelet } from '../controller/driver';

export interface VirtualKubeletOptions {
  /** Seconds from pod creation until its containers run (scheduling, image pull). */
  startDelaySeconds: number;
}

export class VirtualKubelet implements Kubelet {
  readonly nodeName = 'kjob-node';
  private readonly defaultPlan: Attempt;
  /** Number of scripted attempts per key; later attempts are the default. */
  private readonly scripted = new Map<number | '*', number>();
  private readonly first: string | undefined;

  constructor(
    private readonly d: Driver,
    private readonly script: OutcomeScript,
    private readonly opts: VirtualKubeletOptions,
  ) {
    this.defaultPlan = attemptFor(script, '*', Number.MAX_SAFE_INTEGER);
    for (const [k, list] of Object.entries(script.indexes ?? {})) this.scripted.set(k === '*' ? '*' : Number(k), list.length);
    this.first = d.containerNames[0];
  }

  private plan(p: DPod): Attempt {
    return p.ext as Attempt;
  }

  attempt(p: DPod): void {
    const key = p.index ?? '*';
    p.ext = p.attempt < (this.scripted.get(key) ?? 0) ? attemptFor(this.script, key, p.attempt) : this.defaultPlan;
  }

  admit(p: DPod): void {
    this.d.schedule(this.d.now + this.opts.startDelaySeconds, 'start', p);
  }

  run(p: DPod, init: number): void {
    const d = this.d;
    const plan = this.plan(p);
    if (init >= 0) {
      const c = p.cs[init];
      d.exited(c, plan.initExitCodes?.[c.name] ?? 0);
      d.exitsDone(p);
      return;
    }
    const ev = roundEvents(plan);
    d.schedule(d.now + ev.exit, 'exit', p);
    if (ev.evict !== undefined) d.schedule(d.now + ev.evict, 'evict', p);
    if (ev.delete !== undefined) d.schedule(d.now + ev.delete, 'userDelete', p);
  }

  ending(p: DPod): void {
    const types = this.plan(p).podConditions;
    if (types?.length) this.d.addConditions(p, types);
  }

  stop(p: DPod, grace: number): void {
    const d = this.d;
    const running = p.cs.some((c) => c.kind === 'main' && c.state === 'running');
    if (!running) {
      d.schedule(d.now, 'killed', p);
      return;
    }
    const end = deletionEnd(this.plan(p), d.now - (p.roundStart ?? d.now), grace);
    d.schedule(d.now + end.after, end.natural ? 'exit' : 'killed', p);
  }

  fire(k: EvKind, p: DPod): void {
    const d = this.d;
    switch (k) {
      case 'start':
        d.startPod(p);
        return;
      case 'exit': {
        const plan = this.plan(p);
        for (const c of p.cs) if (c.kind === 'main' && c.state === 'running') d.exited(c, exitCodeFor(plan, c.name, c.name === this.first));
        p.gen++; // the round is over: its eviction and scripted deletion no longer apply
        d.exitsDone(p);
        return;
      }
      case 'userDelete': {
        const plan = this.plan(p);
        if (plan.podConditions?.length) d.addConditions(p, plan.podConditions);
        d.deletePod(p, plan.terminationGracePeriodSeconds ?? d.templateGrace, 'deleted by the outcome script');
        return;
      }
      case 'evict': {
        const types = this.plan(p).podConditions?.length ? this.plan(p).podConditions! : ['DisruptionTarget'];
        d.addConditions(p, types);
        for (const c of p.cs) if (c.state === 'running') d.exited(c, KILLED_EXIT_CODE);
        if (d.timeline) d.note('evict', `pod ${p.name} evicted (conditions ${types.join(', ')})`, p);
        d.finishPod(p, 'evicted');
        return;
      }
      case 'killed':
        d.kill(p, 'stopped after deletion');
        return;
    }
  }
}
