/**
 * spec.selector / spec.manualSelector / generated pod-template labels. For a Job the server
 * generates the selector and the job-name / controller-uid template labels unless manualSelector
 * is true; a CronJob's jobTemplate may not set either.
 */
import type { Problem } from '../../problem';
import type { Fix, Rule, RuleContext } from '../types';
import { abs, at, view } from '../context';
import { removeKeyEdit } from '../edits';
import { asObj } from '../../../workloads/job';
import { matches, selectorIssues, stringMap, toSelector } from '../../validation/labels';

const CODE = 'api/selector';
export const GENERATED_LABELS = ['batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name', 'controller-uid', 'job-name'];
/** Stand-in for the uid the server assigns on create (unknowable offline, never equal to a written one). */
const NEW_UID = '00000000-kjob-0000-0000-server-assigned';

export const selectorRule: Rule = {
  id: CODE,
  description: 'A Job selector is generated unless manualSelector is true; it must match the template labels.',
  check(ctx: RuleContext): Problem[] {
    const { spec, d } = view(ctx);
    const out: Problem[] = [];
    const selPath = ['spec', 'selector'];
    const hasSel = spec.selector !== undefined && spec.selector !== null;
    if (ctx.kind === 'CronJob') {
      if (hasSel) out.push(at(ctx, selPath, { code: CODE, errorType: 'Invalid', message: 'A CronJob\'s jobTemplate may not set a selector: it will be auto-generated for each Job.' }));
      if (spec.manualSelector === true) out.push(at(ctx, ['spec', 'manualSelector'], { code: CODE, errorType: 'NotSupported', message: 'manualSelector is not supported in a CronJob\'s jobTemplate: leave it unset or false.' }));
      return out;
    }
    const manual = spec.manualSelector === true;
    const name = typeof asObj(d.metadata)?.name === 'string' ? (asObj(d.metadata)!.name as string) : '';
    const tLabels = stringMap(asObj(asObj(spec.template)?.metadata)?.labels);
    let selector: unknown = spec.selector;
    if (!manual) {
      // strategy: add the generated labels that are absent, and the uid key to the selector
      for (const k of ['job-name', 'batch.kubernetes.io/job-name']) if (!(k in tLabels)) tLabels[k] = name;
      for (const k of ['controller-uid', 'batch.kubernetes.io/controller-uid']) if (!(k in tLabels)) tLabels[k] = NEW_UID;
      const s = asObj(selector) ? { ...(asObj(selector) as object) } as Record<string, unknown> : {};
      const ml = { ...(asObj(s.matchLabels) ?? {}) } as Record<string, unknown>;
      if (!('batch.kubernetes.io/controller-uid' in ml)) ml['batch.kubernetes.io/controller-uid'] = NEW_UID;
      s.matchLabels = ml;
      selector = s;
      // validateGeneratedSelector
      const expected: Record<string, string> = {
        'controller-uid': NEW_UID,
        'job-name': name,
        'batch.kubernetes.io/controller-uid': NEW_UID,
        'batch.kubernetes.io/job-name': name,
      };
      for (const k of ['controller-uid', 'job-name', 'batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name']) {
        if (tLabels[k] !== expected[k]) {
          const isUid = k.endsWith('controller-uid');
          out.push(
            at(ctx, ['spec', 'template', 'metadata', 'labels', { key: k }], {
              code: CODE,
              errorType: 'Invalid',
              message: isUid
                ? `Template label ${k} must be the uid the server assigns to this Job: remove it (copied from another Job?).`
                : `Template label ${k} must be the Job's name ${JSON.stringify(name)}: remove it and the server adds it.`,
              data: { remove: [['spec', 'template', 'metadata', 'labels', { key: k }]], title: `Remove the ${k} label (the server sets it)` },
            }),
          );
        }
      }
      const conv = toSelector(selector);
      if (conv && !matches(conv, expected)) {
        out.push(
          at(ctx, selPath, {
            code: CODE,
            errorType: 'Invalid',
            message: 'This selector is not the auto-generated one: remove spec.selector (the server generates it), or set manualSelector: true if you really manage pod labels yourself.',
            data: { remove: [['spec', 'selector']], title: 'Remove spec.selector (the server generates it)' },
          }),
        );
      }
    } else if (!hasSel) {
      out.push(at(ctx, selPath, { code: CODE, errorType: 'Required', message: 'manualSelector: true requires spec.selector.', anchor: ['spec', 'manualSelector'] }));
    }
    for (const i of selectorIssues(spec.selector)) {
      out.push(at(ctx, [...selPath, ...i.rel], { code: CODE, errorType: i.errorType, message: i.message }));
    }
    const conv = manual && !hasSel ? undefined : toSelector(selector);
    if (manual && !hasSel) {
      // a nil selector matches nothing
      out.push(at(ctx, ['spec', 'template', 'metadata', 'labels'], { code: CODE, errorType: 'Invalid', message: 'The selector does not match the template labels (there is no selector).' }));
    } else if (conv && !matches(conv, tLabels)) {
      out.push(at(ctx, ['spec', 'template', 'metadata', 'labels'], { code: CODE, errorType: 'Invalid', message: 'spec.selector does not match the pod template\'s labels.' }));
    }
    return out;
  },
  fixes(ctx: RuleContext, problem: Problem): Fix[] {
    const d = problem.data as { remove?: (string | number | { key: string })[][]; title?: string } | undefined;
    if (!d?.remove) return [];
    const edits = d.remove.map((p) => removeKeyEdit(ctx.file, ctx.pdoc, abs(ctx, p)));
    if (edits.some((e) => !e)) return [];
    return [{ title: d.title ?? 'Remove', edits: edits as NonNullable<(typeof edits)[number]>[] }];
  },
};
