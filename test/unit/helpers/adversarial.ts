/**
 * Adversarial inputs for every matcher that sees user text (issue #16): each case feeds about 1 MB
 * to one validator, to the whole check pipeline at one field of a Job, or to a language-server
 * feature. test/unit/adversarial.test.ts runs them in a worker thread under a linear-time budget
 * (a quadratic matcher takes minutes on 1 MB and is stopped at the budget).
 */
import { parseQuantity } from '../../../core/check/validation/quantity';
import {
  configMapKeyIssues,
  isDNS1123Label,
  isDNS1123Subdomain,
  isDomainPrefixedPath,
  isEnvVarName,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  toDNS1123Label,
} from '../../../core/check/validation/names';
import { labelMapIssues, selectorIssues, toSelector } from '../../../core/check/validation/labels';
import { clusterTrustBundleNameIssues, signerNameIssues } from '../../../core/check/validation/signerName';
import { divisorIssue } from '../../../core/check/validation/divisor';
import { parseIndexes } from '../../../core/check/validation/indexes';
import { cronScheduleError, timeZoneError } from '../../../core/check/validation/cron';
import { checkText } from '../../../core/check/check';
import { LanguageService } from '../../../server/src/service/languageService';

export const MB = 1 << 20;

/** `unit` repeated to about 1 MB, between `prefix` and `suffix`. */
export function pump(unit: string, suffix = '', prefix = ''): string {
  return prefix + unit.repeat(Math.ceil(MB / unit.length)) + suffix;
}

/**
 * Repeated units that make ambiguous patterns backtrack (runs of one class, class/separator
 * alternations, unterminated quotes with escapes, key-like text without a colon, repeated
 * prefixes of a pattern), each ended by a character that makes the match fail at the very end.
 */
const UNITS = ['1', 'a', 'A', 'a-', 'a.', 'a_', '-', '.', '/', ' ', '\n', ' \n', '1.', '"\\', "'", 'a:', 'iqn.2000-01.', '0 ', '*/'];
/** Key-like units also end in a colon or a space (what key and comment patterns look for). */
const KEYISH = new Set(['1', 'a', ' ', '"\\', "'", 'a:']);
export const GENERIC: readonly (() => string)[] = UNITS.flatMap((u) => (KEYISH.has(u) ? ['!', ':', ' '] : ['!']).map((e) => () => pump(u, e)));

export interface Case {
  group: string;
  name: string;
  /** Time limit for this case, in milliseconds. */
  budgetMs: number;
  run(): void;
}

/**
 * Budget for one validator call on 1 MB. Linear matchers take milliseconds; exact arithmetic on a
 * 1 MB number, the slowest, about 0.4 s idle and 1.7 s on a 2-core machine at load 7. The
 * quadratic matchers replaced take many minutes on 1 MB, so the budget is generous without losing
 * its point: a loaded CI machine must not flake.
 */
export const VALIDATOR_BUDGET_MS = 5000;
/**
 * Budget for a whole 1 MB document (YAML parse, structure, every rule) or one feature request on
 * it: up to about 1 s idle, 5.6 s at load 7 (half a million lines after a syntax error).
 */
export const DOCUMENT_BUDGET_MS = 20000;

type Validator = [string, (s: string) => unknown, (() => string)[]?];

const validators: Validator[] = [
  ['parseQuantity', parseQuantity, [() => pump('1', 'x'), () => pump('1', '.x'), () => pump('1', 'e', '.'), () => pump('1', 'x', '1e'), () => pump('1', 'Mi', '1.'), () => pump('1', '', '0.')]],
  ['isDNS1123Label', isDNS1123Label],
  ['isDNS1123Subdomain', isDNS1123Subdomain, [() => pump('a-a.', '-')]],
  ['isQualifiedName', isQualifiedName, [() => pump('a-', '-', 'a.b/')]],
  ['isValidLabelValue', isValidLabelValue],
  ['isEnvVarName (strict)', (s) => isEnvVarName(s, false)],
  ['isEnvVarName (relaxed)', (s) => isEnvVarName(s, true)],
  ['isValidPortName', isValidPortName],
  ['isDomainPrefixedPath', isDomainPrefixedPath, [() => pump('a.', '!', 'x/')]],
  ['toDNS1123Label', toDNS1123Label, [() => pump('-_', '-')]],
  ['configMapKeyIssues', configMapKeyIssues],
  ['labelMapIssues', (s) => labelMapIssues({ [s]: s })],
  ['selectorIssues', (s) => selectorIssues({ matchLabels: { [s]: s }, matchExpressions: [{ key: s, operator: 'In', values: [s] }] })],
  ['toSelector', (s) => toSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [s] }] })],
  ['signerNameIssues', signerNameIssues, [() => pump('a.', '-', 'x/')]],
  ['clusterTrustBundleNameIssues', clusterTrustBundleNameIssues, [() => pump('a:', '-')]],
  ['divisorIssue', (s) => divisorIssue('limits.memory', s), [() => pump('1', 'x'), () => pump('1', 'Ki')]],
  ['parseIndexes', (s) => parseIndexes(s, 1e9), [() => pump('1,', '1'), () => pump('1-2,', 'x')]],
];

const cronValidators: Validator[] = [
  ['cronScheduleError', cronScheduleError, [() => pump('1', 'x', '@every '), () => pump('1m', 'x', '@every '), () => pump('1', 'h', '@every .'), () => pump('*/1,', ' * * * *')]],
  ['timeZoneError', timeZoneError, [() => pump('a/', 'x')]],
];

function validatorCases(group: string, list: Validator[]): Case[] {
  return list.flatMap(([name, fn, extra = []]) =>
    [...extra, ...GENERIC].map((make, i) => ({
      group,
      name: `${name} #${i}`,
      budgetMs: VALIDATOR_BUDGET_MS,
      run: () => void fn(make()),
    })),
  );
}

/** A Job using every field a rule checks with a matcher; `@V@` marks where the value goes. */
const JOB = (at: string, v: string) => {
  const q = JSON.stringify(v);
  const val = (here: string, dflt: string) => (here === at ? q : dflt);
  const key = (here: string, dflt: string) => (here === at ? q : dflt);
  return `apiVersion: batch/v1
kind: Job
metadata:
  name: ${val('name', 'demo')}
  labels:
    ${key('labelKey', 'app')}: ${val('labelValue', 'demo')}
  annotations:
    ${key('annotationKey', 'note')}: x
spec:
  managedBy: ${val('managedBy', 'kubernetes.io/job-controller')}
  completionMode: Indexed
  completions: 3
  template:
    spec:
      restartPolicy: Never
      hostname: ${val('hostname', 'h')}
      subdomain: ${val('subdomain', 's')}
      nodeSelector:
        ${key('nodeSelectorKey', 'disk')}: ${val('nodeSelectorValue', 'ssd')}
      dnsConfig:
        searches: [${val('dnsSearch', 'svc.cluster.local')}]
        nameservers: [${val('nameserver', '10.0.0.1')}]
      hostAliases:
      - ip: ${val('hostAliasIp', '10.0.0.2')}
        hostnames: [${val('hostAliasName', 'a.local')}]
      securityContext:
        sysctls:
        - name: ${val('sysctl', 'kernel.shm_rmid_forced')}
          value: "1"
        windowsOptions:
          runAsUserName: ${val('runAsUserName', 'DOMAIN\\\\user')}
          gmsaCredentialSpecName: ${val('gmsa', 'spec')}
      volumes:
      - name: ${val('volumeName', 'data')}
        emptyDir: {}
      - name: iscsi
        iscsi:
          targetPortal: ${val('targetPortal', '10.0.0.3:3260')}
          iqn: ${val('iqn', 'iqn.2001-04.com.example:storage')}
          lun: 0
          initiatorName: ${val('initiatorName', 'iqn.2001-04.com.example:node')}
      - name: proj
        projected:
          sources:
          - downwardAPI:
              items:
              - path: ${val('projectedPath', 'a/b')}
                fieldRef:
                  fieldPath: ${val('fieldPath', 'metadata.name')}
          - configMap:
              name: ${val('configMapName', 'cm')}
              items:
              - key: ${val('configMapKey', 'k')}
                path: ${val('configMapPath', 'k')}
      containers:
      - name: ${val('containerName', 'main')}
        image: ${val('image', 'busybox:1.36')}
        command: [sh, -c, ${val('command', 'echo $JOB_COMPLETION_INDEX')}]
        env:
        - name: ${val('envName', 'A')}
          value: ${val('envValue', 'x')}
        - name: B
          valueFrom:
            resourceFieldRef:
              resource: limits.memory
              divisor: ${val('divisor', '1Mi')}
        ports:
        - name: ${val('portName', 'http')}
          containerPort: 80
        volumeMounts:
        - name: data
          mountPath: ${val('mountPath', '/data')}
          subPathExpr: ${val('subPathExpr', '$(A)')}
        resources:
          requests:
            cpu: ${val('cpu', '100m')}
            ${key('resourceName', 'example.com/gpu')}: "1"
          limits:
            memory: ${val('memory', '64Mi')}
            ${key('resourceName', 'example.com/gpu')}: "1"
        lifecycle:
          preStop:
            httpGet:
              port: 80
              path: ${val('httpPath', '/stop')}
              httpHeaders:
              - name: ${val('headerName', 'X-A')}
                value: v
        readinessProbe:
          exec:
            command: [${val('probeCommand', 'true')}]
  podFailurePolicy:
    rules:
    - action: FailJob
      onPodConditions:
      - type: ${val('conditionType', 'DisruptionTarget')}
  successPolicy:
    rules:
    - succeededIndexes: ${val('succeededIndexes', '0-1')}
`;
};

const FIELDS = ['name', 'labelKey', 'labelValue', 'annotationKey', 'managedBy', 'hostname', 'subdomain', 'nodeSelectorKey', 'nodeSelectorValue', 'dnsSearch', 'nameserver', 'hostAliasIp', 'hostAliasName', 'sysctl', 'runAsUserName', 'gmsa', 'volumeName', 'targetPortal', 'iqn', 'initiatorName', 'projectedPath', 'fieldPath', 'configMapName', 'configMapKey', 'configMapPath', 'containerName', 'image', 'command', 'envName', 'envValue', 'divisor', 'portName', 'mountPath', 'subPathExpr', 'cpu', 'resourceName', 'memory', 'httpPath', 'headerName', 'probeCommand', 'conditionType', 'succeededIndexes'];

/** Per field, the units aimed at its matcher (and one generic alternation). */
const FIELD_UNITS: Record<string, [string, string, string?][]> = {
  cpu: [['1', 'x']],
  memory: [['1', 'x', '1.']],
  divisor: [['1', 'x']],
  iqn: [['iqn.2000-01.', ' ']],
  initiatorName: [['iqn.2000-01.', '\u0000']],
  projectedPath: [['/', ':']],
  mountPath: [['/', ':']],
  configMapPath: [['/', ':']],
  sysctl: [['a.', '-']],
  dnsSearch: [['a_.', '-']],
  runAsUserName: [['a.', '-', 'x\\\\']],
  image: [['a:', ':']],
  fieldPath: [['a', "']", "metadata.labels['"]],
  succeededIndexes: [['1,', '-']],
};

function pipelineCases(): Case[] {
  const out: Case[] = [];
  for (const f of FIELDS) {
    for (const [unit, end, pre] of [...(FIELD_UNITS[f] ?? []), ['a-.', '!'] as [string, string]]) {
      out.push({ group: 'check pipeline', name: `${f}: ${JSON.stringify(unit)}…${JSON.stringify(end)}`, budgetMs: DOCUMENT_BUDGET_MS, run: () => void checkText(JOB(f, pump(unit, end, pre))) });
    }
  }
  const cronJob = (schedule: string, tz = 'UTC') => `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: ${JSON.stringify(schedule)}\n  timeZone: ${JSON.stringify(tz)}\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: a, image: b}]\n`;
  out.push({ group: 'check pipeline (cron)', name: 'CronJob schedule', budgetMs: DOCUMENT_BUDGET_MS, run: () => void checkText(cronJob(pump('1', 'x', '@every '))) });
  out.push({ group: 'check pipeline (cron)', name: 'CronJob timeZone', budgetMs: DOCUMENT_BUDGET_MS, run: () => void checkText(cronJob('* * * * *', pump('a/', 'x'))) });
  // isTargetDoc reads broken documents with line-anchored patterns.
  out.push({ group: 'check pipeline', name: 'syntax error then 1 MB of blank lines', budgetMs: DOCUMENT_BUDGET_MS, run: () => void checkText(pump('\n', 'x', 'apiVersion: batch/v1\nspec: [\n')) });
  out.push({ group: 'check pipeline', name: 'syntax error then 1 MB of space lines', budgetMs: DOCUMENT_BUDGET_MS, run: () => void checkText(pump(' \n', '-', 'a: [\n')) });
  return out;
}

/** Completion, hover and code actions with the cursor at the end of a 1 MB line (and on the line after). */
function featureCases(): Case[] {
  const head = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: x\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        ';
  const lines: [string, string][] = [
    ['key without a colon', pump(' ', 'b', 'a')],
    ['unterminated double quote with escapes', pump('\\"', '', '"')],
    ['unterminated double quotes', pump('"\\', ' ')],
    ['single quotes', pump("'", ' ', "a: '")],
    ['one long word', pump('e', '\n', 'a ')],
    ['dashes', pump('-', 'x', 'a ')],
    ['key then spaces before a comment', pump(' ', '#', 'a')],
    ['quoted key without its colon', pump('a', '" ', '"')],
  ];
  const out: Case[] = [];
  let n = 0;
  for (const [name, line] of lines) {
    const text = () => `${head}${line}\n        image: b\n`;
    const svc = () => new LanguageService({ log: (m) => { throw new Error(m); } });
    const doc = (t: string) => ({ uri: `file:///adversarial/${++n}.yaml`, version: 1, getText: () => t });
    const at = (t: string, onNext: boolean) => {
      const l = t.split('\n');
      const line = onNext ? 10 : 9;
      return { line, character: onNext ? 8 : l[9]!.length };
    };
    for (const onNext of [false, true]) {
      const where = onNext ? 'the next line' : 'the end of the line';
      out.push({ group: 'language server', name: `completion at ${where}: ${name}`, budgetMs: DOCUMENT_BUDGET_MS, run: () => { const t = text(); svc().completion(doc(t), at(t, onNext)); } });
      out.push({ group: 'language server', name: `hover at ${where}: ${name}`, budgetMs: DOCUMENT_BUDGET_MS, run: () => { const t = text(); svc().hover(doc(t), at(t, onNext)); } });
    }
    out.push({ group: 'language server', name: `diagnostics and code actions: ${name}`, budgetMs: DOCUMENT_BUDGET_MS, run: () => { const t = text(); const s = svc(); const d = doc(t); s.diagnostics(d); s.codeActions(d, { start: { line: 0, character: 0 }, end: { line: 11, character: 0 } }); } });
  }
  return out;
}

export function adversarialCases(): Case[] {
  return [...validatorCases('validators', validators), ...validatorCases('validators (cron)', cronValidators), ...pipelineCases(), ...featureCases()];
}
