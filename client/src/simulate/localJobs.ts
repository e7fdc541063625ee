/**
 * Jobs that run outside a cluster (simulations and local runs), shown in the Jobs tree's "Local"
 * group with the same per-index rendering as cluster Jobs. Producers (simulate / run locally)
 * publish Job and pod objects shaped like the API's; the explorer renders them.
 * No vscode import: plain listeners.
 */
import type { JobObject, PodObject } from '../jobs/types';
export interface LocalJob {
  id: string;
  /** Display name, e.g. "sample-job (simulation)". */
  label: string;
  source: 'simulate' | 'run';
  /** A batch/v1 Job object as the API would return it (metadata, spec, status). */
  job: Record<string, unknown>;
  /** core/v1 Pod objects as the API would return them. */
  pods: Record<string, unknown>[];
  /** Log text of a pod per container name, when captured (computed on demand: a simulation can have 100,000 pods). */
  logs?: (pod: string) => Record<string, string> | undefined;
  finished: boolean;
}

export class LocalJobsStore {
  private readonly jobs = new Map<string, LocalJob>();
  private readonly listeners = new Set<() => void>();

  list(): LocalJob[] {
    return [...this.jobs.values()];
  }

  /** The Jobs with their objects typed as the tree model and the Job actions read them. */
  entries(): { id: string; label: string; job: JobObject; pods: PodObject[] }[] {
    return this.list().map((l) => ({ id: l.id, label: l.label, job: l.job as JobObject, pods: l.pods as PodObject[] }));
  }

  get(id: string): LocalJob | undefined {
    return this.jobs.get(id);
  }

  upsert(job: LocalJob): void {
    this.jobs.set(job.id, job);
    this.emit();
  }

  remove(id: string): void {
    if (this.jobs.delete(id)) this.emit();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
