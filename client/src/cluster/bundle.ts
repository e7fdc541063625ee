/**
 * Entry of the second client bundle, client/out/cluster.js (scripts/build.mjs): everything the
 * Jobs view, log follows and Job actions need at run time from the cluster half, including
 * @kubernetes/client-node and undici. The extension bundle never imports this module's values;
 * client/src/clusterLoader.ts require()s the built bundle the first time the view needs data or a
 * cluster command runs, so activation does not pay for loading it.
 */
export { readKubeconfig, KubeApiError } from './kube';
export { ExplorerSession } from './session';
export { mergePathLists, readLoginShellPath } from './shellPath';
export { children, view, DEFAULT_LIMITS, resolveJob } from './treeModel';
export { controllerOf } from './types';
export { LogFollowRun, namespaceSource } from './logStream';
export { LineRing } from './ringBuffer';
export { classifyError } from './errors';
export { describeJob, rerunName } from './jobActions';
export { applyJob, deleteJob, getJob, jobAndPodEvents, rerunJob, setSuspended } from './jobApi';
export { docToObject, problemsOnDoc } from './applyDiagnostics';
export { explainText } from './explainText';
