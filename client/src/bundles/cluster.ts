/**
 * Entry of client/out/cluster.js (scripts/build.mjs): what the cluster host, the Jobs view, log
 * follows, Job actions and Apply need at run time from the cluster half, including
 * @kubernetes/client-node and undici. The extension bundle never imports this module's values: the
 * cluster host (client/src/cluster/host.ts) and the glue call clusterLoader.ts's cluster(), which
 * require()s the built bundle the first time it is needed, so activation does not pay for loading it.
 */
// The cluster host's needs: kubeconfig, login shell PATH, session, the context/namespace choices.
export { readKubeconfig, KubeApiError } from '../cluster/kube';
export { ClusterSession, chosenContext, chosenNamespace, contextEntries } from '../cluster/session';
export { mergePathLists, readLoginShellPath } from '../cluster/shellPath';
export { classifyError } from '../cluster/errors';
export { applyJob, deleteJob, getJob, jobAndPodEvents, rerunJob, setSuspended } from '../cluster/jobApi';
// The Jobs tree's view model.
export { children, view, DEFAULT_LIMITS, resolveJob } from '../explorer/treeModel';
export { controllerOf } from '../jobs/types';
export { rerunName } from '../jobs/rerun';
// Log follows.
export { LogFollowRun, namespaceSource } from '../logs/stream';
export { LineRing } from '../logs/lineRing';
// Job actions and Apply.
export { describeJob } from '../actions/describe';
export { docToObject, problemsOnDoc } from '../actions/applyDiagnostics';
export { explainText } from '../actions/explainText';
