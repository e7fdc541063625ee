/**
 * Containers and init containers: at least one container, names (DNS labels, unique across both
 * lists), image, init-container restartPolicy and probes/lifecycle, no ephemeral containers.
 */
import type { Problem } from '../../problem';
import type { Fix, Rule, RuleContext } from '../types';
import { abs, at, view } from '../context';
import { asArr, asObj } from '../../../workloads/job';
import { isDNS1123Label, toDNS1123Label } from '../../validation/names';
import { replaceScalarEdit } from '../edits';

const CODE = 'api/containers';

export const containersRule: Rule = {
  id: CODE,
  description: 'Pod template containers: required, DNS-label names unique across containers and initContainers, image required.',
  check(ctx: RuleContext): Problem[] {
    const { podSpec, version } = view(ctx);
    // ContainerRestartRules (beta, on by default since 1.35) allows per-container restart policies.
    const restartRules = version >= 35;
    const out: Problem[] = [];
    const base = ['spec', 'template', 'spec'];
    const checkContainerRestart = (o: Record<string, unknown>, p: (string | number)[], init: boolean) => {
      const rp = o.restartPolicy;
      if (rp === undefined || rp === null) return;
      if (restartRules) {
        if (!['Always', 'OnFailure', 'Never'].includes(rp as string)) out.push(at(ctx, [...p, 'restartPolicy'], { code: CODE, errorType: 'NotSupported', message: `Unsupported container restartPolicy ${JSON.stringify(rp)}: supported values are "Always", "Never", "OnFailure"${init ? ' ("Always" makes an init container a sidecar)' : ''}.` }));
      } else if (init) {
        if (rp !== 'Always') out.push(at(ctx, [...p, 'restartPolicy'], { code: CODE, errorType: 'NotSupported', message: `Unsupported init container restartPolicy ${JSON.stringify(rp)}: only "Always" (a sidecar) before Kubernetes 1.35.` }));
      } else {
        out.push(at(ctx, [...p, 'restartPolicy'], { code: CODE, errorType: 'Forbidden', message: `restartPolicy may not be set for regular containers before Kubernetes 1.35 (ContainerRestartRules); this targets 1.${version}.` }));
      }
    };
    const containers = asArr(podSpec.containers);
    if (containers.length === 0) {
      out.push(at(ctx, [...base, 'containers'], { code: CODE, errorType: 'Required', message: 'A pod template needs at least one container.' }));
    }
    const names = new Set<string>();
    const common = (c: Record<string, unknown>, p: (string | number)[]) => {
      const name = c.name;
      if (typeof name !== 'string' || name === '') {
        out.push(at(ctx, [...p, 'name'], { code: CODE, errorType: 'Required', message: 'Every container needs a name.', anchor: p }));
      } else {
        for (const m of isDNS1123Label(name)) out.push(at(ctx, [...p, 'name'], { code: CODE, errorType: 'Invalid', message: `Container name ${JSON.stringify(name)}: ${m}.`, data: { rename: toDNS1123Label(name), path: [...p, 'name'] } }));
      }
      if (typeof c.image !== 'string' || c.image.length === 0) {
        out.push(at(ctx, [...p, 'image'], { code: CODE, errorType: 'Required', message: `Container ${JSON.stringify(name ?? '')} needs an image.`, anchor: p }));
      }
      const tmp = c.terminationMessagePolicy;
      if (typeof tmp === 'string' && tmp !== 'File' && tmp !== 'FallbackToLogsOnError') {
        out.push(at(ctx, [...p, 'terminationMessagePolicy'], { code: CODE, errorType: 'NotSupported', message: `Unsupported terminationMessagePolicy ${JSON.stringify(tmp)}: supported values are "File", "FallbackToLogsOnError".` }));
      }
      const ipp = c.imagePullPolicy;
      if (typeof ipp === 'string' && !['Always', 'IfNotPresent', 'Never'].includes(ipp)) {
        out.push(at(ctx, [...p, 'imagePullPolicy'], { code: CODE, errorType: 'NotSupported', message: `Unsupported imagePullPolicy ${JSON.stringify(ipp)}: supported values are "Always", "IfNotPresent", "Never".` }));
      }
    };
    containers.forEach((c, i) => {
      const o = asObj(c) ?? {};
      const p = [...base, 'containers', i];
      common(o, p);
      checkContainerRestart(o, p, false);
      const name = typeof o.name === 'string' ? o.name : '';
      if (names.has(name)) out.push(at(ctx, [...p, 'name'], { code: CODE, errorType: 'Duplicate', message: `Duplicate container name ${JSON.stringify(name)}.`, ...(name ? {} : { anchor: p }) }));
      else names.add(name);
    });
    asArr(podSpec.initContainers).forEach((c, i) => {
      const o = asObj(c) ?? {};
      const p = [...base, 'initContainers', i];
      common(o, p);
      const sidecar = o.restartPolicy === 'Always';
      checkContainerRestart(o, p, true);
      const name = typeof o.name === 'string' ? o.name : '';
      if (names.has(name)) out.push(at(ctx, [...p, 'name'], { code: CODE, errorType: 'Duplicate', message: `Duplicate container name ${JSON.stringify(name)}: init containers and containers share one namespace.`, ...(name ? {} : { anchor: p }) }));
      else if (name) names.add(name);
      if (!sidecar) {
        for (const k of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
          if (o[k] !== undefined && o[k] !== null) out.push(at(ctx, [...p, k], { code: CODE, errorType: 'Forbidden', message: `${k} may not be set for init containers without restartPolicy: Always.` }));
        }
      }
    });
    asArr(podSpec.ephemeralContainers).forEach((c, i) => {
      const o = asObj(c) ?? {};
      const p = [...base, 'ephemeralContainers', i];
      common(o, p);
      const name = typeof o.name === 'string' ? o.name : '';
      if (names.has(name)) out.push(at(ctx, [...p, 'name'], { code: CODE, errorType: 'Duplicate', message: `Duplicate container name ${JSON.stringify(name)}.`, ...(name ? {} : { anchor: p }) }));
      else names.add(name);
    });
    if (asArr(podSpec.ephemeralContainers).length > 0) {
      out.push(at(ctx, [...base, 'ephemeralContainers'], { code: CODE, errorType: 'Forbidden', message: 'Ephemeral containers are not allowed in a pod template.' }));
    }
    return out;
  },
  fixes(ctx: RuleContext, problem: Problem): Fix[] {
    const d = problem.data as { rename?: string; path?: (string | number)[] } | undefined;
    if (!d?.rename || !d.path) return [];
    const e = replaceScalarEdit(ctx.pdoc, abs(ctx, d.path), d.rename);
    return e ? [{ title: `Rename to ${d.rename}`, edits: [e], isPreferred: true }] : [];
  },
};
