/**
 * metadata.name: required DNS-1123 subdomain; the generated job-name labels cap it at 63 characters;
 * Indexed Jobs need `<name>-<completions-1>` to be a DNS label (pod hostnames). CronJobs: 52.
 * Create warning when the name is not a DNS label.
 */
import type { Problem } from '../../problem';
import type { Fix, Rule, RuleContext } from '../types';
import { at, int, view } from '../context';
import { asObj } from '../../../workloads/job';
import { isDNS1123Label, isDNS1123Subdomain, isValidLabelValue, toDNS1123Label } from '../../validation/names';
import { problemAt } from '../../../yaml/document';
import { replaceScalarEdit } from '../edits';

const CODE = 'api/name';

export const jobNameRule: Rule = {
  id: CODE,
  description: 'Job names: DNS subdomain, at most 63 characters when labels are generated, Indexed hostname limits; CronJob names at most 52.',
  check(ctx: RuleContext): Problem[] {
    const out: Problem[] = [];
    const meta = asObj(ctx.value.metadata) ?? {};
    const name = typeof meta.name === 'string' ? meta.name : '';
    const gen = typeof meta.generateName === 'string' ? meta.generateName : '';
    const np = ['metadata', 'name'];
    // The rename fix is made only when there is a problem (most Jobs have none).
    let fixData: { rename: string } | undefined;
    const fix = () => (fixData ??= { rename: toDNS1123Label(name) });
    const p = (errorType: 'Required' | 'Invalid', message: string, severity: 'error' | 'warning' = 'error', data: unknown = fix()) =>
      problemAt(ctx.pdoc, np, { code: severity === 'error' ? CODE : 'api/name-warning', severity, errorType, message, ...(name ? { data } : {}) });
    if (!name && !gen) out.push(p('Required', 'name or generateName is required.'));
    // With only generateName the server appends 5 random lowercase characters
    // (the prefix is cut to 58 characters first, so a generated name is at most 63)
    const effective = name || (gen ? gen.slice(0, 58) + 'xxxxx' : '');
    if (gen) {
      // the prefix is checked with a trailing '-' allowed
      const masked = gen.length > 1 && gen.endsWith('-') ? gen.slice(0, -1) + 'a' : gen;
      for (const m of isDNS1123Subdomain(masked)) out.push(problemAt(ctx.pdoc, ['metadata', 'generateName'], { code: CODE, severity: 'error', errorType: 'Invalid', message: `Invalid generateName ${JSON.stringify(gen)}: ${m}.` }));
    }
    if (effective) for (const m of isDNS1123Subdomain(effective)) out.push(p('Invalid', name ? `Invalid name ${JSON.stringify(name)}: ${m}.` : `The names generated from generateName ${JSON.stringify(gen)} are invalid: ${m}.`));
    if (ctx.kind === 'CronJob') {
      if (name.length > 52) out.push(p('Invalid', `A CronJob name must be no more than 52 characters (the controller appends 11 to name its Jobs); this one has ${name.length}.`));
      return out;
    }
    const { spec } = view(ctx);
    if (spec.manualSelector !== true) {
      // the name becomes the value of the generated job-name labels (two of them)
      const labels = asObj(asObj(asObj(ctx.job.spec)?.template)?.metadata)?.labels as Record<string, unknown> | undefined;
      // Both generated labels carry the same value, so the server reports each problem once.
      const generated = ['job-name', 'batch.kubernetes.io/job-name'].filter((k) => !(labels && k in labels));
      // When the Job has no labels of its own, the server copies the template's label map to
      // metadata.labels by reference, so the generated labels land in metadata.labels too.
      const own = asObj(asObj(ctx.job.metadata)?.labels);
      const aliased = labels !== undefined && labels !== null && typeof labels === 'object' && (!own || Object.keys(own).length === 0);
      if (generated.length) {
        for (const m of isValidLabelValue(effective)) {
          for (const where of aliased ? [['spec', 'template', 'labels'], ['metadata', 'labels']] : [['spec', 'template', 'labels']]) {
            out.push(at(ctx, where, { code: CODE, errorType: 'Invalid', message: `The name is copied into the generated pod label ${generated.join(' and ')}${where[0] === 'metadata' ? ' (and, because the Job has no labels of its own, into the Job\'s labels)' : ''}, and ${m.replace(/^a valid label/, 'a label value')} (the name has ${effective.length} characters).`, anchor: ['metadata', 'name'], ...(name ? { data: fix() } : {}) }));
          }
        }
      }
    }
    const completions = int(spec.completions);
    if (spec.completionMode === 'Indexed' && completions !== undefined && completions > 0) {
      const host = `${effective}-${completions - 1}`;
      if (isDNS1123Label(host).length) {
        const room = 63 - `-${completions - 1}`.length;
        const short = toDNS1123Label(name).slice(0, room).replace(/-+$/, '');
        out.push(p('Invalid', `Pods of this Indexed Job get hostnames like ${JSON.stringify(host)}, which is not a valid DNS label (at most 63 lowercase letters, digits and '-', no dots): shorten the name to at most ${room} characters.`, 'error', short ? { rename: short } : undefined));
      }
    }
    return out;
  },
  fixes(ctx: RuleContext, problem: Problem): Fix[] {
    const r = (problem.data as { rename?: string } | undefined)?.rename;
    if (!r) return [];
    let target = r;
    if (ctx.kind === 'CronJob') target = target.slice(0, 52).replace(/-+$/, '');
    const e = replaceScalarEdit(ctx.pdoc, ['metadata', 'name'], target);
    return e ? [{ title: `Rename to ${target}`, edits: [e] }] : [];
  },
};

export const jobNameWarningRule: Rule = {
  id: 'api/name-warning',
  description: 'Create warning: a Job or CronJob name that is not a DNS label makes surprising pod names and hostnames.',
  check(ctx: RuleContext): Problem[] {
    const name = asObj(ctx.value.metadata)?.name;
    if (typeof name !== 'string' || !name || isDNS1123Subdomain(name).length) return [];
    if (!isDNS1123Label(name).length) return [];
    return [
      problemAt(ctx.pdoc, ['metadata', 'name'], {
        code: 'api/name-warning',
        severity: 'warning',
        message: `The name ${JSON.stringify(name)} is used in pod names and hostnames; it is not a DNS label (dots or more than 63 characters), which can result in surprising behavior.`,
        data: { rename: toDNS1123Label(name) },
      }),
    ];
  },
  fixes(ctx, problem) {
    return jobNameRule.fixes!(ctx, problem);
  },
};
