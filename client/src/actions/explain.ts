/**
 * "Explain" on a Job: the simulator's account of what the Job controller does next for this Job
 * and its pods (core/controller/explain.ts).
 */
import { cluster } from '../clusterLoader';
import type { explainText } from '../cluster/explainText';

export const explainJob: typeof explainText = (...args) => cluster().explainText(...args);
