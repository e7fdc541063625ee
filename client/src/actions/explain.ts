/**
 * "Explain" on a Job: the simulator's account of what the Job controller does next for this Job
 * and its pods (server/src/domain/simulator/explain.ts).
 */
export { explainText as explainJob } from '../cluster/explainText';
