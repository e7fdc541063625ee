/** Label and annotation syntax on the Job (after the template-label copy default) and its pod template. */
import type { Problem } from '../../problem';
import type { Rule, RuleContext } from '../types';
import { at, view } from '../context';
import { asObj } from '../../../workloads/job';
import { labelMapIssues } from '../../validation/labels';
import { isQualifiedName } from '../../validation/names';
import { problemAt } from '../../../yaml/document';

const CODE = 'api/labels';

export const labelsRule: Rule = {
  id: CODE,
  description: 'Label keys must be qualified names and values at most 63 characters of [A-Za-z0-9-_.]; annotation keys qualified names.',
  check(ctx: RuleContext): Problem[] {
    const out: Problem[] = [];
    const { d, spec } = view(ctx);
    const tMeta = asObj(asObj(spec.template)?.metadata) ?? {};
    const rawTemplateLabels = asObj(asObj(asObj(asObj(ctx.job.spec)?.template)?.metadata)?.labels);
    const anchor = (base: (string | number)[], i: { key: string }) => [...base, { key: i.key }];
    for (const i of labelMapIssues(tMeta.labels)) {
      out.push(at(ctx, ['spec', 'template', 'labels'], { code: CODE, errorType: 'Invalid', message: i.message, anchor: anchor(['spec', 'template', 'metadata', 'labels'], i) }));
    }
    for (const i of annotationIssues(tMeta.annotations)) {
      out.push(at(ctx, ['spec', 'template', 'annotations'], { code: CODE, errorType: 'Invalid', message: i.message, anchor: anchor(['spec', 'template', 'metadata', 'annotations'], i) }));
    }
    // metadata of the object itself (the CronJob's for a CronJob; the jobTemplate's metadata is not validated)
    const meta = ctx.kind === 'Job' ? asObj(d.metadata) ?? {} : asObj(ctx.value.metadata) ?? {};
    const rawOwn = asObj(asObj(ctx.value.metadata)?.labels);
    const copied = ctx.kind === 'Job' && (!rawOwn || Object.keys(rawOwn).length === 0) && rawTemplateLabels;
    for (const i of labelMapIssues(meta.labels)) {
      const a = copied ? anchor(['spec', 'template', 'metadata', 'labels'], i) : anchor(['metadata', 'labels'], i);
      const msg = copied ? `${i.message} (the Job has no labels of its own, so the server copies the template's labels to metadata.labels)` : i.message;
      const pr = problemAt(ctx.pdoc, ctx.kind === 'Job' ? a : ['metadata', 'labels', { key: i.key }], { code: CODE, severity: 'error', errorType: 'Invalid', message: msg, path: 'metadata.labels' });
      out.push(pr);
    }
    for (const i of annotationIssues(asObj(ctx.value.metadata)?.annotations)) {
      out.push(problemAt(ctx.pdoc, ['metadata', 'annotations', { key: i.key }], { code: CODE, severity: 'error', errorType: 'Invalid', message: i.message, path: 'metadata.annotations' }));
    }
    return out;
  },
};

function annotationIssues(a: unknown): { key: string; message: string }[] {
  const m = asObj(a);
  if (!m) return [];
  const out: { key: string; message: string }[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(m)) {
    for (const msg of isQualifiedName(k.toLowerCase())) out.push({ key: k, message: `annotation key ${JSON.stringify(k)}: ${msg}` });
    total += k.length + String(v ?? '').length;
  }
  if (total > 256 * 1024) out.push({ key: Object.keys(m)[0] ?? '', message: 'annotations may not be larger than 256 KiB in total' });
  return out;
}
