/** Container env: names, value vs valueFrom, exactly one source, downward-API field paths. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { divisorIssue } from '../../validation/divisor';
import { at, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { configMapKeyIssues, isDNS1123Subdomain, isEnvVarName, isQualifiedName } from '../../validation/names';
import { eachContainer } from './podContainers';

const CODE = 'api/env';
const CONVERTIBLE = new Set(['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.restartPolicy', 'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs', 'spec.host']);
const RESOURCE_FIELDS = new Set(['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory']);
const ENV_FIELDS = new Set(['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs']);

function splitSubscript(p: string): { path: string; sub: string } | undefined {
  if (!p.endsWith("']")) return undefined;
  const s = p.slice(0, -2);
  const i = s.indexOf("['");
  if (i <= 0) return undefined;
  return { path: s.slice(0, i), sub: s.slice(i + 2) };
}

export const envRule: Rule = {
  id: CODE,
  description: 'Environment variables: valid names, value or valueFrom (one source), supported fieldRef paths.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec, version } = view(ctx);
    const relaxed = version >= 32;
    const out: Problem[] = [];
    for (const { c, path } of eachContainer(podSpec)) {
      asArr(c.env).forEach((e, j) => {
        const ev = asObj(e) ?? {};
        const p = [...path, 'env', j];
        const name = typeof ev.name === 'string' ? ev.name : '';
        if (!name) out.push(at(ctx, [...p, 'name'], { code: CODE, errorType: 'Required', message: 'An env entry needs a name.', anchor: p }));
        else for (const m of isEnvVarName(name, relaxed)) out.push(at(ctx, [...p, 'name'], { code: CODE, errorType: 'Invalid', message: `Env var name ${JSON.stringify(name)}: ${m}.` }));
        const vf = asObj(ev.valueFrom);
        if (ev.valueFrom === undefined || ev.valueFrom === null) return;
        const vp = [...p, 'valueFrom'];
        const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'].filter((k) => vf && vf[k] !== undefined && vf[k] !== null);
        const fr = asObj(vf?.fieldRef);
        if (fr) {
          const fp = [...vp, 'fieldRef'];
          const api = typeof fr.apiVersion === 'string' ? fr.apiVersion : '';
          const fieldPath = typeof fr.fieldPath === 'string' ? fr.fieldPath : '';
          if (!fieldPath) out.push(at(ctx, [...fp, 'fieldPath'], { code: CODE, errorType: 'Required', message: 'fieldRef needs a fieldPath.', anchor: fp }));
          else if (api !== 'v1') out.push(at(ctx, [...fp, 'fieldPath'], { code: CODE, errorType: 'Invalid', message: `error converting fieldPath: unsupported pod version ${JSON.stringify(api)} (use apiVersion: v1).` }));
          else {
            const sub = splitSubscript(fieldPath);
            if (sub) {
              if (sub.path === 'metadata.annotations' || sub.path === 'metadata.labels') {
                const key = sub.path === 'metadata.annotations' ? sub.sub.toLowerCase() : sub.sub;
                for (const m of isQualifiedName(key)) out.push(at(ctx, fp, { code: CODE, errorType: 'Invalid', message: `fieldRef subscript ${JSON.stringify(sub.sub)}: ${m}.` }));
              } else {
                out.push(at(ctx, [...fp, 'fieldPath'], { code: CODE, errorType: 'Invalid', message: `error converting fieldPath: field label does not support subscript: ${fieldPath}.` }));
              }
            } else if (!CONVERTIBLE.has(fieldPath)) {
              out.push(at(ctx, [...fp, 'fieldPath'], { code: CODE, errorType: 'Invalid', message: `error converting fieldPath: field label not supported: ${fieldPath}. To read an annotation or label use metadata.annotations['<key>'] / metadata.labels['<key>'].` }));
            } else {
              const conv = fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath;
              if (!ENV_FIELDS.has(conv)) out.push(at(ctx, [...fp, 'fieldPath'], { code: CODE, errorType: 'NotSupported', message: `Unsupported fieldPath ${JSON.stringify(fieldPath)} for an env var: supported are ${[...ENV_FIELDS].join(', ')}, or metadata.annotations['<key>'] / metadata.labels['<key>'].` }));
            }
          }
        }
        const rf = asObj(vf?.resourceFieldRef);
        if (rf) {
          const rp = [...vp, 'resourceFieldRef'];
          const res = typeof rf.resource === 'string' ? rf.resource : '';
          if (!res) out.push(at(ctx, [...rp, 'resource'], { code: CODE, errorType: 'Required', message: 'resourceFieldRef needs a resource, e.g. limits.cpu or requests.memory.', anchor: rp }));
          else if (!RESOURCE_FIELDS.has(res) && !res.startsWith('requests.hugepages-') && !res.startsWith('limits.hugepages-')) {
            out.push(at(ctx, [...rp, 'resource'], { code: CODE, errorType: 'NotSupported', message: `Unsupported resource ${JSON.stringify(res)}: supported values are ${[...RESOURCE_FIELDS].map((x) => JSON.stringify(x)).join(', ')}.` }));
          }
          const dm = divisorIssue(res, rf.divisor);
          if (dm) out.push(at(ctx, [...rp, 'divisor'], { code: CODE, errorType: 'Invalid', message: dm }));
        }
        for (const ref of ['configMapKeyRef', 'secretKeyRef']) {
          const r = asObj(vf?.[ref]);
          if (!r) continue;
          const rp = [...vp, ref];
          const refName = typeof r.name === 'string' ? r.name : '';
          for (const m of isDNS1123Subdomain(refName)) out.push(at(ctx, [...rp, 'name'], { code: CODE, errorType: 'Invalid', message: `${ref}.name ${JSON.stringify(refName)}: ${m}.`, ...(r.name === undefined ? { anchor: rp } : {}) }));
          const key = typeof r.key === 'string' ? r.key : '';
          if (!key) out.push(at(ctx, [...rp, 'key'], { code: CODE, errorType: 'Required', message: `${ref} needs a key.`, anchor: rp }));
          else for (const m of configMapKeyIssues(key)) out.push(at(ctx, [...rp, 'key'], { code: CODE, errorType: 'Invalid', message: `${ref}.key ${JSON.stringify(key)}: ${m}.` }));
        }
        if (sources.length === 0) out.push(at(ctx, vp, { code: CODE, errorType: 'Invalid', message: 'valueFrom must specify one of fieldRef, resourceFieldRef, configMapKeyRef, secretKeyRef or fileKeyRef.' }));
        else if (typeof ev.value === 'string' && ev.value.length > 0) out.push(at(ctx, vp, { code: CODE, errorType: 'Invalid', message: 'valueFrom may not be specified when value is not empty: use one or the other.' }));
        else if (sources.length > 1) out.push(at(ctx, vp, { code: CODE, errorType: 'Invalid', message: `valueFrom may not have more than one source at a time (has ${sources.join(', ')}).` }));
      });
    }
    return out;
  },
};
