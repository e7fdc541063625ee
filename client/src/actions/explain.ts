/**
 * "Explain" on a Job: the simulator's account of what the Job controller does next for this Job
 * and its pods. Wired to server/src/domain/simulator once its explain function exists.
 */
import type { JobObject, PodObject } from '../cluster/types';

export function explainJob(_job: JobObject, _pods: PodObject[], _now: number): string {
  throw new Error('the simulator does not provide an explanation yet (kjob explain is not implemented in this build)');
}
