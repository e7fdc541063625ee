#!/usr/bin/env python3
"""Generates the corpus manifests (test/corpus/*.yaml) from compact case definitions.

Each case is a complete manifest plus the API server's expected result on create:
  # expect: valid | invalid | decode-error | server-crash (the server aborts the request)
  # error: <field path> <ErrorType>      (one line per error, duplicates included)
  # warning: <field path>                (create warnings; only returned when the create succeeds)
Sources: upstream TestValidateJobCreate / TestValidateCronJob tables (pkg/apis/batch/validation),
pod-template validation (pkg/apis/core/validation), and kjob's rules. The expectations were then
replayed against a real kube-apiserver (test/cluster/apiserver-parity.test.ts).
Run: python3 test/corpus/cases.py  (rewrites the .yaml files)
"""
import copy, os, yaml

HERE = os.path.dirname(os.path.abspath(__file__))

def base_job(name):
    return {
        'apiVersion': 'batch/v1', 'kind': 'Job',
        'metadata': {'name': name},
        'spec': {'template': {'spec': {
            'restartPolicy': 'Never',
            'containers': [{'name': 'main', 'image': 'busybox:1.36', 'command': ['sh', '-c', 'echo ok']}],
        }}},
    }

def base_cron(name):
    j = base_job(name)
    return {'apiVersion': 'batch/v1', 'kind': 'CronJob', 'metadata': {'name': name},
            'spec': {'schedule': '*/5 * * * *', 'jobTemplate': {'spec': j['spec']}}}

def merge(dst, patch):
    for k, v in patch.items():
        if v is DELETE:
            dst.pop(k, None)
        elif isinstance(v, dict) and isinstance(dst.get(k), dict):
            merge(dst[k], v)
        else:
            dst[k] = copy.deepcopy(v)
    return dst

class _Delete:
    def __deepcopy__(self, memo):
        return self
DELETE = _Delete()
CASES = []

def case(name, patch=None, errors=(), warnings=(), expect=None, cron=False, raw=None, source='kjob', note=''):
    CASES.append(dict(name=name, patch=patch or {}, errors=list(errors), warnings=list(warnings),
                      expect=expect or ('invalid' if errors else 'valid'), cron=cron, raw=raw, source=source, note=note))

def spec(**kw):
    return {'spec': kw}

def pod(**kw):
    return {'spec': {'template': {'spec': kw}}}

def ctr(**kw):
    c = {'name': 'main', 'image': 'busybox:1.36', 'command': ['sh', '-c', 'echo ok']}
    c.update(kw)
    return pod(containers=[c])

T = 'TestValidateJobCreate'
J = 'spec.jobTemplate.spec'
# ---- valid, including tricky ones ----
case('valid-minimal')
case('valid-indexed', spec(completionMode='Indexed', completions=5, parallelism=2))
case('valid-indexed-completions-omitted-no-parallelism', spec(completionMode='Indexed'), note='both defaulted to 1')
case('valid-indexed-completions-zero', spec(completionMode='Indexed', completions=0, parallelism=1))
case('valid-onfailure', pod(restartPolicy='OnFailure'))
case('valid-parallelism-exceeds-completions', spec(completions=2, parallelism=5))
case('valid-work-queue', spec(parallelism=3))
case('valid-active-deadline-zero', spec(activeDeadlineSeconds=0), note='0 is accepted at Job level')
case('valid-backoff-per-index', spec(completionMode='Indexed', completions=10, backoffLimitPerIndex=1, maxFailedIndexes=5))
case('valid-backoff-per-index-zero-onfailure', merge(spec(completionMode='Indexed', completions=3, backoffLimitPerIndex=0), pod(restartPolicy='OnFailure')), source=T)
case('valid-pod-failure-policy', spec(podFailurePolicy={'rules': [
    {'action': 'FailJob', 'onExitCodes': {'containerName': 'main', 'operator': 'In', 'values': [1, 2, 3]}},
    {'action': 'Ignore', 'onPodConditions': [{'type': 'DisruptionTarget'}]},
    {'action': 'Count', 'onExitCodes': {'operator': 'NotIn', 'values': [0, 42]}},
    {'action': 'Count', 'onPodConditions': [{'type': 'ConfigIssue', 'status': 'Unknown'}]},
]}), note='status omitted defaults to True; 0 fine with NotIn')
case('valid-pfp-negative-exit-codes', spec(podFailurePolicy={'rules': [{'action': 'FailJob', 'onExitCodes': {'operator': 'In', 'values': [-1073741819, -1, 5]}}]}))
case('valid-pfp-empty-rules', spec(podFailurePolicy={'rules': []}))
case('valid-pfp-init-container-name', merge(spec(podFailurePolicy={'rules': [{'action': 'FailJob', 'onExitCodes': {'containerName': 'setup', 'operator': 'In', 'values': [3]}}]}),
     pod(initContainers=[{'name': 'setup', 'image': 'busybox:1.36'}])))
case('valid-fail-index', spec(completionMode='Indexed', completions=4, backoffLimitPerIndex=2, podFailurePolicy={'rules': [{'action': 'FailIndex', 'onExitCodes': {'operator': 'In', 'values': [7]}}]}))
case('valid-success-policy', spec(completionMode='Indexed', completions=10, successPolicy={'rules': [{'succeededIndexes': '0,2,4-9'}, {'succeededCount': 3}, {'succeededIndexes': '1-3', 'succeededCount': 3}]}))
case('valid-success-policy-empty-indexes', spec(completionMode='Indexed', completions=3, successPolicy={'rules': [{'succeededIndexes': ''}]}))
case('valid-pod-replacement-failed', spec(podReplacementPolicy='Failed'))
case('valid-pod-replacement-with-pfp', spec(podReplacementPolicy='Failed', podFailurePolicy={'rules': [{'action': 'FailJob', 'onExitCodes': {'operator': 'In', 'values': [1]}}]}))
case('valid-managed-by-builtin', spec(managedBy='kubernetes.io/job-controller'))
case('valid-managed-by-custom', spec(managedBy='kueue.x-k8s.io/multikueue'))
case('valid-manual-selector', merge(spec(manualSelector=True, selector={'matchLabels': {'app': 'batch'}}), {'spec': {'template': {'metadata': {'labels': {'app': 'batch'}}}}}))
case('valid-manual-selector-empty', spec(manualSelector=True, selector={}), note='empty selector matches everything')
case('valid-selector-job-name-only', {'metadata': {'name': 'selector-job-name'}, 'spec': {'selector': {'matchLabels': {'job-name': 'selector-job-name'}}}}, note='user selector that the generated labels satisfy')
case('valid-template-labels', {'spec': {'template': {'metadata': {'labels': {'app.kubernetes.io/name': 'etl', 'tier': 'batch'}}}}})
case('valid-name-63', {'metadata': {'name': 'a' * 63}})
case('valid-indexed-name-61-completions-10', merge({'metadata': {'name': 'b' * 61}}, spec(completionMode='Indexed', completions=10)))
case('valid-dotted-name-warning', {'metadata': {'name': 'nightly.report'}}, warnings=['metadata.name'])
case('valid-sidecar', pod(initContainers=[{'name': 'proxy', 'image': 'busybox:1.36', 'restartPolicy': 'Always', 'readinessProbe': {'exec': {'command': ['true']}}}]))
case('valid-resources', ctr(resources={'requests': {'cpu': '250m', 'memory': '64Mi'}, 'limits': {'cpu': 1, 'memory': '128Mi', 'ephemeral-storage': '1Gi'}}))
case('valid-extended-resource', ctr(resources={'requests': {'example.com/gpu': 1}, 'limits': {'example.com/gpu': 1}}))
case('valid-env', ctr(env=[
    {'name': 'MODE', 'value': 'fast'},
    {'name': 'POD', 'valueFrom': {'fieldRef': {'fieldPath': 'metadata.name'}}},
    {'name': 'IDX', 'valueFrom': {'fieldRef': {'fieldPath': "metadata.annotations['batch.kubernetes.io/job-completion-index']"}}},
    {'name': 'CPU', 'valueFrom': {'resourceFieldRef': {'resource': 'limits.cpu'}}},
    {'name': 'my.env-name', 'value': 'x'},
]))
case('valid-env-relaxed-name', ctr(env=[{'name': '1LEADING-DIGIT', 'value': 'x'}]), note='relaxed env var names (GA 1.34)')
case('valid-ports', ctr(ports=[{'name': 'http', 'containerPort': 8080}, {'containerPort': 9090, 'protocol': 'UDP'}]))
case('valid-volume-mounts', merge(ctr(volumeMounts=[{'name': 'scratch', 'mountPath': '/scratch'}]), pod(volumes=[{'name': 'scratch', 'emptyDir': {}}])))
case('valid-probe', ctr(livenessProbe={'exec': {'command': ['true']}, 'periodSeconds': 5}))
case('valid-ttl-zero', spec(ttlSecondsAfterFinished=0))
case('valid-suspend', spec(suspend=True))
case('valid-generate-name', {'metadata': {'name': DELETE, 'generateName': 'gen-job-'}})

# ---- create warnings (valid) ----
case('warn-fractional-memory', ctr(resources={'requests': {'memory': '100m'}}), warnings=['spec.template.spec.containers[0].resources.requests[memory]'])
case('warn-duplicate-env', ctr(env=[{'name': 'A', 'value': '1'}, {'name': 'A', 'value': '2'}]), warnings=['spec.template.spec.containers[0].env[1]'])
case('warn-negative-grace', pod(terminationGracePeriodSeconds=-5), warnings=['spec.template.spec.terminationGracePeriodSeconds'])

# ---- restartPolicy ----
case('restart-policy-omitted', pod(restartPolicy=DELETE), ['spec.template.spec.restartPolicy Required'], source=T)
case('restart-policy-always', pod(restartPolicy='Always'), ['spec.template.spec.restartPolicy Required'], source=T)
case('restart-policy-lowercase', pod(restartPolicy='never'), ['spec.template.spec.restartPolicy NotSupported', 'spec.template.spec.restartPolicy NotSupported'])
case('restart-policy-onfailure-with-pfp', merge(pod(restartPolicy='OnFailure'), spec(podFailurePolicy={'rules': [{'action': 'FailJob', 'onExitCodes': {'operator': 'In', 'values': [1]}}]})), ['spec.template.spec.restartPolicy Invalid'], source=T)

# ---- numeric fields ----
for f in ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished']:
    case(f'negative-{f.lower()}', spec(**{f: -1}), [f'spec.{f} Invalid'], source=T)

# ---- completionMode ----
case('completion-mode-lowercase', spec(completionMode='indexed', completions=3), ['spec.completionMode NotSupported'])
case('indexed-completions-missing-with-parallelism', spec(completionMode='Indexed', parallelism=3), ['spec.completions Required'], source=T)
case('indexed-parallelism-too-big', spec(completionMode='Indexed', completions=200000, parallelism=100001), ['spec.parallelism Invalid'], warnings=[], source=T)
case('indexed-name-hostname-too-long', merge({'metadata': {'name': 'c' * 62}}, spec(completionMode='Indexed', completions=1)), ['metadata.name Invalid'])
case('indexed-name-61-completions-11', merge({'metadata': {'name': 'd' * 61}}, spec(completionMode='Indexed', completions=11)), ['metadata.name Invalid'])
case('indexed-dotted-name', merge({'metadata': {'name': 'nightly.shard'}}, spec(completionMode='Indexed', completions=2)), ['metadata.name Invalid'])

# ---- backoffLimitPerIndex / maxFailedIndexes ----
case('backoff-per-index-nonindexed', spec(backoffLimitPerIndex=1), ['spec.backoffLimitPerIndex Invalid'], source=T)
case('max-failed-nonindexed', spec(backoffLimitPerIndex=1, maxFailedIndexes=1), ['spec.backoffLimitPerIndex Invalid', 'spec.maxFailedIndexes Invalid'])
case('max-failed-without-per-index', spec(completionMode='Indexed', completions=5, maxFailedIndexes=1), ['spec.backoffLimitPerIndex Required'], source=T)
case('max-failed-above-completions', spec(completionMode='Indexed', completions=10, backoffLimitPerIndex=1, maxFailedIndexes=11), ['spec.maxFailedIndexes Invalid'], source=T)
case('backoff-per-index-negative', spec(completionMode='Indexed', completions=3, backoffLimitPerIndex=-1), ['spec.backoffLimitPerIndex Invalid'], source=T)
case('max-failed-required-above-100k', spec(completionMode='Indexed', completions=100001, parallelism=1, backoffLimitPerIndex=1), ['spec.maxFailedIndexes Required'], source=T)
case('per-index-parallelism-above-10k', spec(completionMode='Indexed', completions=100001, parallelism=50000, backoffLimitPerIndex=1, maxFailedIndexes=1000), ['spec.parallelism Invalid'], source=T)

# ---- podFailurePolicy ----
def pfp(*rules, **extra):
    d = spec(podFailurePolicy={'rules': list(rules)})
    d['spec'].update(extra)
    return d
P = 'spec.podFailurePolicy.rules[0]'
case('pfp-neither-matcher', pfp({'action': 'FailJob'}), [f'{P} Invalid'], source=T)
case('pfp-both-matchers', pfp({'action': 'FailJob', 'onExitCodes': {'operator': 'In', 'values': [1]}, 'onPodConditions': [{'type': 'DisruptionTarget'}]}), [f'{P} Invalid'], source=T)
case('pfp-duplicate-exit-code', pfp({'action': 'FailJob', 'onExitCodes': {'operator': 'In', 'values': [11, 11]}}), [f'{P}.onExitCodes.values[1] Duplicate'], source=T)
case('pfp-unordered', pfp({'action': 'FailJob', 'onExitCodes': {'operator': 'In', 'values': [19, 11]}}), [f'{P}.onExitCodes.values Invalid'], source=T)
case('pfp-empty-values', pfp({'action': 'FailJob', 'onExitCodes': {'operator': 'In', 'values': []}}), [f'{P}.onExitCodes.values Invalid'], source=T)
case('pfp-zero-with-in', pfp({'action': 'FailJob', 'onExitCodes': {'operator': 'In', 'values': [0, 1]}}), [f'{P}.onExitCodes.values[0] Invalid'], source=T)
case('pfp-unknown-container', pfp({'action': 'FailJob', 'onExitCodes': {'containerName': 'xyz', 'operator': 'In', 'values': [1]}}), [f'{P}.onExitCodes.containerName Invalid'], source=T)
case('pfp-missing-action', pfp({'onExitCodes': {'operator': 'In', 'values': [1]}}), [f'{P}.action Required'], source=T)
case('pfp-unknown-action', pfp({'action': 'failjob', 'onExitCodes': {'operator': 'In', 'values': [1]}}), [f'{P}.action NotSupported'], source=T)
case('pfp-missing-operator', pfp({'action': 'FailJob', 'onExitCodes': {'values': [1]}}), [f'{P}.onExitCodes.operator Required'], source=T)
case('pfp-unknown-operator', pfp({'action': 'FailJob', 'onExitCodes': {'operator': 'in', 'values': [1]}}), [f'{P}.onExitCodes.operator NotSupported'], source=T)
case('pfp-bad-status', pfp({'action': 'Ignore', 'onPodConditions': [{'type': 'DisruptionTarget', 'status': 'Maybe'}]}), [f'{P}.onPodConditions[0].status NotSupported'], source=T)
case('pfp-bad-condition-type', pfp({'action': 'Ignore', 'onPodConditions': [{'type': 'Invalid Condition Type'}]}), [f'{P}.onPodConditions[0].type Invalid'], source=T)
case('pfp-fail-index-without-per-index', pfp({'action': 'FailIndex', 'onExitCodes': {'operator': 'In', 'values': [1]}}, completionMode='Indexed', completions=2), [f'{P}.action Invalid'], source=T)
case('pfp-too-many-rules', pfp(*[{'action': 'Count', 'onExitCodes': {'operator': 'In', 'values': [i + 1]}} for i in range(21)]), ['spec.podFailurePolicy.rules TooMany'], source=T)
case('pfp-too-many-values', pfp({'action': 'FailJob', 'onExitCodes': {'operator': 'In', 'values': list(range(1, 257))}}), [f'{P}.onExitCodes.values TooMany'], source=T)
case('pfp-status-unquoted-true', raw='''apiVersion: batch/v1
kind: Job
metadata:
  name: pfp-status-unquoted-true
spec:
  podFailurePolicy:
    rules:
    - action: Ignore
      onPodConditions:
      - type: DisruptionTarget
        status: True
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox:1.36
''', expect='decode-error', note='YAML 1.1 boolean where a string is required: the request fails to decode')

# ---- podReplacementPolicy ----
case('pod-replacement-terminating-with-pfp', pfp({'action': 'FailJob', 'onExitCodes': {'operator': 'In', 'values': [1]}}, podReplacementPolicy='TerminatingOrFailed'), ['spec.podReplacementPolicy NotSupported'], source=T)
case('pod-replacement-empty', spec(podReplacementPolicy=''), ['spec.podReplacementPolicy NotSupported'], source=T)
case('pod-replacement-lowercase', spec(podReplacementPolicy='failed'), ['spec.podReplacementPolicy NotSupported'])

# ---- successPolicy ----
S = 'spec.successPolicy'
case('success-policy-nonindexed', spec(successPolicy={'rules': [{'succeededCount': 1}]}), [f'{S} Invalid'], source=T)
case('success-policy-no-rules', spec(completionMode='Indexed', completions=5, successPolicy={'rules': []}), [f'{S}.rules Required'], source=T)
case('success-policy-empty-rule', spec(completionMode='Indexed', completions=5, successPolicy={'rules': [{}]}), [f'{S}.rules[0] Required'], source=T)
case('success-policy-bad-indexes', spec(completionMode='Indexed', completions=5, successPolicy={'rules': [{'succeededIndexes': 'invalid-format'}]}), [f'{S}.rules[0].succeededIndexes Invalid'], source=T)
case('success-policy-index-too-large', spec(completionMode='Indexed', completions=5, successPolicy={'rules': [{'succeededIndexes': '0-5'}]}), [f'{S}.rules[0].succeededIndexes Invalid'])
case('success-policy-count-negative', spec(completionMode='Indexed', completions=5, successPolicy={'rules': [{'succeededCount': -1}]}), [f'{S}.rules[0].succeededCount Invalid'], source=T)
case('success-policy-count-above-completions', spec(completionMode='Indexed', completions=5, successPolicy={'rules': [{'succeededCount': 6}]}), [f'{S}.rules[0].succeededCount Invalid'], source=T)
case('success-policy-count-above-indexes', spec(completionMode='Indexed', completions=5, successPolicy={'rules': [{'succeededIndexes': '0-2', 'succeededCount': 4}]}), [f'{S}.rules[0].succeededCount Invalid'], source=T)

# ---- managedBy ----
case('managed-by-no-domain', spec(managedBy='invalid custom controller name'), ['spec.managedBy Invalid'], source=T)
case('managed-by-too-long', spec(managedBy='example.com/' + 'x' * 60), ['spec.managedBy TooLong'], source=T)
case('managed-by-empty', spec(managedBy=''), ['spec.managedBy Required'])

# ---- selector / labels / names ----
case('selector-without-manual', spec(selector={'matchLabels': {'a': 'b'}}), ['spec.selector Invalid', 'spec.template.metadata.labels Invalid'], source=T)
case('manual-selector-missing-selector', spec(manualSelector=True), ['spec.selector Required', 'spec.template.metadata.labels Invalid'], source=T)
case('manual-selector-mismatch', merge(spec(manualSelector=True, selector={'matchLabels': {'y': 'z'}}), {'spec': {'template': {'metadata': {'labels': {'a': 'b'}}}}}), ['spec.template.metadata.labels Invalid'], source=T)
case('recreated-from-get-yaml', merge(spec(selector={'matchLabels': {'batch.kubernetes.io/controller-uid': '5e1b6a1c-0000-4000-8000-000000000001'}}),
     {'metadata': {'name': 'recreated-from-get-yaml'}, 'spec': {'template': {'metadata': {'labels': {'batch.kubernetes.io/controller-uid': '5e1b6a1c-0000-4000-8000-000000000001', 'batch.kubernetes.io/job-name': 'recreated-from-get-yaml', 'controller-uid': '5e1b6a1c-0000-4000-8000-000000000001', 'job-name': 'recreated-from-get-yaml'}}}}}),
     ['spec.template.metadata.labels[controller-uid] Invalid', 'spec.template.metadata.labels[batch.kubernetes.io/controller-uid] Invalid', 'spec.selector Invalid'], source=T)
case('job-name-label-wrong', {'spec': {'template': {'metadata': {'labels': {'job-name': 'other'}}}}}, ['spec.template.metadata.labels[job-name] Invalid'])
case('name-64-chars', {'metadata': {'name': 'e' * 64}}, ['spec.template.labels Invalid'], note='both generated job-name labels fail identically; the server reports it once')
case('name-64-chars-manual-selector', merge({'metadata': {'name': 'f' * 64}}, merge(spec(manualSelector=True, selector={'matchLabels': {'app': 'x'}}), {'spec': {'template': {'metadata': {'labels': {'app': 'x'}}}}})), warnings=['metadata.name'])
case('name-uppercase', {'metadata': {'name': 'MyJob'}}, ['metadata.name Invalid'], note='upper case is fine in the generated label values')
case('name-missing', {'metadata': {'name': DELETE}}, ['metadata.name Required'])
case('template-label-bad-value', {'spec': {'template': {'metadata': {'labels': {'tier': 'bad value!'}}}}}, ['spec.template.labels Invalid', 'metadata.labels Invalid'])
case('template-label-bad-value-own-labels', {'metadata': {'labels': {'team': 'data'}}, 'spec': {'template': {'metadata': {'labels': {'tier': 'bad value!'}}}}}, ['spec.template.labels Invalid'])

# ---- containers ----
C = 'spec.template.spec.containers[0]'
case('no-containers', pod(containers=[]), ['spec.template.spec.containers Required'])
case('container-missing-image', ctr(image=DELETE), [f'{C}.image Required'])
case('container-bad-name', ctr(name='Main_Worker'), [f'{C}.name Invalid'])
case('container-duplicate-names', pod(containers=[{'name': 'a', 'image': 'busybox:1.36'}, {'name': 'a', 'image': 'busybox:1.36'}]), ['spec.template.spec.containers[1].name Duplicate'])
case('init-container-duplicates-container', pod(initContainers=[{'name': 'main', 'image': 'busybox:1.36'}]), ['spec.template.spec.initContainers[0].name Duplicate'])
case('init-container-probe', pod(initContainers=[{'name': 'setup', 'image': 'busybox:1.36', 'livenessProbe': {'exec': {'command': ['true']}}}]), ['spec.template.spec.initContainers[0].livenessProbe Forbidden'])
case('ephemeral-containers', pod(ephemeralContainers=[{'name': 'debug', 'image': 'busybox:1.36'}]), ['spec.template.spec.ephemeralContainers Forbidden'])
# env
case('env-empty-name', ctr(env=[{'name': '', 'value': 'x'}]), [f'{C}.env[0].name Required'])
case('env-name-with-equals', ctr(env=[{'name': 'A=B', 'value': 'x'}]), [f'{C}.env[0].name Invalid'])
case('env-value-and-valuefrom', ctr(env=[{'name': 'JOB_COMPLETION_INDEX', 'value': '0', 'valueFrom': {'fieldRef': {'fieldPath': "metadata.annotations['batch.kubernetes.io/job-completion-index']"}}}]), [f'{C}.env[0].valueFrom Invalid'])
case('env-valuefrom-empty', ctr(env=[{'name': 'X', 'valueFrom': {}}]), [f'{C}.env[0].valueFrom Invalid'])
case('env-fieldref-dotted-annotation', ctr(env=[{'name': 'IDX', 'valueFrom': {'fieldRef': {'fieldPath': 'metadata.annotations.batch.kubernetes.io/job-completion-index'}}}]), [f'{C}.env[0].valueFrom.fieldRef.fieldPath Invalid'])
case('env-fieldref-annotations-no-subscript', ctr(env=[{'name': 'ANN', 'valueFrom': {'fieldRef': {'fieldPath': 'metadata.annotations'}}}]), [f'{C}.env[0].valueFrom.fieldRef.fieldPath NotSupported'])
case('env-fieldref-double-quotes', ctr(env=[{'name': 'IDX', 'valueFrom': {'fieldRef': {'fieldPath': 'metadata.annotations["batch.kubernetes.io/job-completion-index"]'}}}]), [f'{C}.env[0].valueFrom.fieldRef.fieldPath Invalid'])
# ports
case('port-missing-container-port', ctr(ports=[{'name': 'http'}]), [f'{C}.ports[0].containerPort Required'])
case('port-out-of-range', ctr(ports=[{'containerPort': 70000}]), [f'{C}.ports[0].containerPort Invalid'])
case('port-bad-name', ctr(ports=[{'name': 'HTTP_PORT', 'containerPort': 80}]), [f'{C}.ports[0].name Invalid', f'{C}.ports[0].name Invalid'])
case('port-bad-protocol', ctr(ports=[{'containerPort': 80, 'protocol': 'tcp'}]), [f'{C}.ports[0].protocol NotSupported'])
# resources
case('requests-above-limits', ctr(resources={'requests': {'cpu': 2}, 'limits': {'cpu': 1}}), [f'{C}.resources.requests Invalid'])
case('requests-above-limits-memory', ctr(resources={'requests': {'memory': '1Gi'}, 'limits': {'memory': '512Mi'}}), [f'{C}.resources.requests Invalid'])
case('extended-resource-no-limit', ctr(resources={'requests': {'example.com/gpu': 1}}), [f'{C}.resources.limits Required'])
case('extended-resource-fractional', ctr(resources={'requests': {'example.com/gpu': '500m'}, 'limits': {'example.com/gpu': '500m'}}), [f'{C}.resources.requests[example.com/gpu] Invalid', f'{C}.resources.limits[example.com/gpu] Invalid'])
case('unknown-resource-name', ctr(resources={'limits': {'gpu': 1}}), [f'{C}.resources.limits[gpu] Invalid', f'{C}.resources.limits[gpu] Invalid'], note='not a standard resource, and not a container resource: two errors')
case('resource-name-pods', ctr(resources={'limits': {'pods': 1}}), [f'{C}.resources.limits[pods] Invalid'], note='a standard (quota) resource, but not one containers request')
case('template-labels-same-bad-value', {'spec': {'template': {'metadata': {'labels': {'a': 'bad value!', 'b': 'bad value!'}}}}}, ['spec.template.labels Invalid', 'metadata.labels Invalid'], note='identical errors are reported once')
case('valid-init-container-restart-never', pod(initContainers=[{'name': 'setup', 'image': 'busybox:1.36', 'restartPolicy': 'Never'}]), note='ContainerRestartRules (beta 1.35)')
case('valid-container-restart-policy', ctr(restartPolicy='Never'), note='ContainerRestartRules (beta 1.35)')
case('container-restart-policy-bad', ctr(restartPolicy='Sometimes'), [f'{C}.restartPolicy NotSupported'])
case('success-policy-indexed-completions-unset', spec(completionMode='Indexed', parallelism=2, successPolicy={'rules': [{'succeededCount': 1}]}), ['spec.completions Required'], expect='server-crash',
     note='completions stays unset because parallelism is set; kube-apiserver v1.37.2 dereferences the unset completions in validateSuccessPolicyRule and aborts the request (connection reset) instead of answering 422. kjob reports the spec.completions error the server would have reported.')
case('dns-policy-none-without-config', pod(dnsPolicy='None'), ['spec.template.spec.dnsConfig Required'])
case('probe-negative-period', ctr(livenessProbe={'exec': {'command': ['true']}, 'periodSeconds': -1}), [f'{C}.livenessProbe.periodSeconds Invalid'])
case('pod-active-deadline-negative', pod(activeDeadlineSeconds=-10), ['spec.template.spec.activeDeadlineSeconds Invalid'])
case('cron-backoff-per-index-nonindexed', {'spec': {'jobTemplate': {'spec': {'backoffLimitPerIndex': 1}}}}, [f'{J}.backoffLimitPerIndex Invalid'], cron=True)
case('cron-valid-indexed', {'spec': {'jobTemplate': {'spec': {'completionMode': 'Indexed', 'completions': 3, 'parallelism': 3}}}}, cron=True)
case('selector-manual-false', spec(manualSelector=False, selector={'matchLabels': {'a': 'b'}}), ['spec.selector Invalid', 'spec.template.metadata.labels Invalid'])
case('valid-generate-name-long', {'metadata': {'name': DELETE, 'generateName': 'h' * 70 + '-'}}, note='the prefix is cut to 58 characters before 5 random ones are added')
case('host-port-out-of-range', ctr(ports=[{'containerPort': 80, 'hostPort': 70000}]), [f'{C}.ports[0].hostPort Invalid'])
case('negative-cpu', ctr(resources={'requests': {'cpu': '-1'}}), [f'{C}.resources.requests[cpu] Invalid'])
case('bad-quantity', ctr(resources={'limits': {'memory': '1Gb'}}), expect='decode-error')
# volumes
case('volume-mount-unknown-volume', ctr(volumeMounts=[{'name': 'data', 'mountPath': '/data'}]), [f'{C}.volumeMounts[0].name NotFound'])
case('volume-mount-duplicate-path', merge(ctr(volumeMounts=[{'name': 'a', 'mountPath': '/data'}, {'name': 'b', 'mountPath': '/data'}]), pod(volumes=[{'name': 'a', 'emptyDir': {}}, {'name': 'b', 'emptyDir': {}}])), [f'{C}.volumeMounts[1].mountPath Invalid'])
case('volume-bad-name', merge(pod(volumes=[{'name': 'Data_Vol', 'emptyDir': {}}]), ctr()), ['spec.template.spec.volumes[0].name Invalid'])
case('volume-duplicate-name', pod(volumes=[{'name': 'a', 'emptyDir': {}}, {'name': 'a', 'emptyDir': {}}]), ['spec.template.spec.volumes[1].name Duplicate'])
# probes / pod fields
case('probe-no-handler', ctr(livenessProbe={'periodSeconds': 5}), [f'{C}.livenessProbe Required'])
case('probe-two-handlers', ctr(readinessProbe={'exec': {'command': ['true']}, 'tcpSocket': {'port': 80}}), [f'{C}.readinessProbe.tcpSocket Forbidden'])
case('liveness-success-threshold', ctr(livenessProbe={'exec': {'command': ['true']}, 'successThreshold': 2}), [f'{C}.livenessProbe.successThreshold Invalid'])
case('pod-active-deadline-zero', pod(activeDeadlineSeconds=0), ['spec.template.spec.activeDeadlineSeconds Invalid'])

# ---- CronJob jobTemplate ----
J = 'spec.jobTemplate.spec'
case('cron-valid', cron=True)
case('cron-restart-policy-omitted', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'restartPolicy': DELETE}}}}}}, [f'{J}.template.spec.restartPolicy Required'], cron=True)
case('cron-indexed-without-completions', {'spec': {'jobTemplate': {'spec': {'completionMode': 'Indexed'}}}}, [f'{J}.completions Required'], cron=True, note='no Job defaulting inside a CronJob: completions stays unset')
case('cron-selector', {'spec': {'jobTemplate': {'spec': {'selector': {'matchLabels': {'a': 'b'}}}}}}, [f'{J}.selector Invalid'], cron=True, source='TestValidateCronJob')
case('cron-manual-selector', {'spec': {'jobTemplate': {'spec': {'manualSelector': True}}}}, [f'{J}.manualSelector NotSupported'], cron=True, source='TestValidateCronJob')
case('cron-name-53', {'metadata': {'name': 'g' * 53}}, ['metadata.name Invalid'], cron=True, source='TestValidateCronJob')
case('cron-pfp-zero-with-in', {'spec': {'jobTemplate': {'spec': {'podFailurePolicy': {'rules': [{'action': 'FailJob', 'onExitCodes': {'operator': 'In', 'values': [0]}}]}}}}}, [f'{J}.podFailurePolicy.rules[0].onExitCodes.values[0] Invalid'], cron=True)
case('cron-pod-replacement-empty', {'spec': {'jobTemplate': {'spec': {'podReplacementPolicy': ''}}}}, [f'{J}.podReplacementPolicy NotSupported'], cron=True)


# ---- more probes (added after the first parity run) ----
case('warn-duplicate-port', ctr(ports=[{'containerPort': 8080}, {'containerPort': 8080}]), warnings=['spec.template.spec.containers[0].ports[1]'])
case('warn-large-indexed', spec(completionMode='Indexed', completions=200000, parallelism=20000), warnings=['spec'])
case('warn-env-hidden-by-valuefrom', ctr(env=[{'name': 'A', 'value': '1'}, {'name': 'A', 'valueFrom': {'fieldRef': {'fieldPath': 'metadata.name'}}}]), warnings=['spec.template.spec.containers[0].env[1]'])
case('valid-env-redefined-with-reference', ctr(env=[{'name': 'PATH_X', 'value': '/a'}, {'name': 'PATH_X', 'value': '$(PATH_X):/b'}]), note='a redefinition that references the previous value is not warned about')
case('warn-fractional-ephemeral-storage', ctr(resources={'limits': {'ephemeral-storage': '1.5'}}), warnings=['spec.template.spec.containers[0].resources.limits[ephemeral-storage]'])
case('valid-name-253-manual-selector', merge({'metadata': {'name': 'i' * 253}}, merge(spec(manualSelector=True, selector={'matchLabels': {'app': 'x'}}), {'spec': {'template': {'metadata': {'labels': {'app': 'x'}}}}})), warnings=['metadata.name'])
case('name-254', merge({'metadata': {'name': 'j' * 254}}, merge(spec(manualSelector=True, selector={'matchLabels': {'app': 'x'}}), {'spec': {'template': {'metadata': {'labels': {'app': 'x'}}}}})), ['metadata.name Invalid'])
case('template-label-bad-key', {'spec': {'template': {'metadata': {'labels': {'bad key': 'x'}}}}}, ['spec.template.labels Invalid', 'metadata.labels Invalid'])
case('own-labels-bad-value', {'metadata': {'labels': {'team': '-data-'}}}, ['metadata.labels Invalid'])
case('annotation-bad-key', {'metadata': {'annotations': {'not a key': 'x'}}}, ['metadata.annotations Invalid'])
case('template-annotation-bad-key', {'spec': {'template': {'metadata': {'annotations': {'a/b/c': 'x'}}}}}, ['spec.template.annotations Invalid'])
case('pfp-too-many-conditions', pfp({'action': 'Ignore', 'onPodConditions': [{'type': f'Cond{i}'} for i in range(21)]}), [f'{P}.onPodConditions TooMany'])
case('pfp-multiple-errors', pfp({'action': 'Retry', 'onExitCodes': {'operator': 'Between', 'values': [5, 3, 3]}}), [f'{P}.action NotSupported', f'{P}.onExitCodes.operator NotSupported', f'{P}.onExitCodes.values[2] Duplicate', f'{P}.onExitCodes.values Invalid'])
case('success-policy-too-many-rules', spec(completionMode='Indexed', completions=30, successPolicy={'rules': [{'succeededIndexes': str(i)} for i in range(21)]}), [f'{S}.rules TooMany'])
case('max-failed-above-100k', spec(completionMode='Indexed', completions=200000, parallelism=100, backoffLimitPerIndex=1, maxFailedIndexes=100001), ['spec.maxFailedIndexes Invalid', 'spec.maxFailedIndexes Invalid'])
case('max-failed-above-10k-high-completions', spec(completionMode='Indexed', completions=200000, parallelism=100, backoffLimitPerIndex=1, maxFailedIndexes=50000), ['spec.maxFailedIndexes Invalid'])
case('env-empty-value-and-valuefrom', ctr(env=[{'name': 'POD', 'value': '', 'valueFrom': {'fieldRef': {'fieldPath': 'metadata.name'}}}]), note='an empty value does not conflict')
case('env-two-sources', ctr(env=[{'name': 'X', 'valueFrom': {'fieldRef': {'fieldPath': 'metadata.name'}, 'configMapKeyRef': {'name': 'cm', 'key': 'k'}}}]), [f'{C}.env[0].valueFrom Invalid'])
case('env-fieldref-status-phase', ctr(env=[{'name': 'PHASE', 'valueFrom': {'fieldRef': {'fieldPath': 'status.phase'}}}]), [f'{C}.env[0].valueFrom.fieldRef.fieldPath NotSupported'])
case('valid-env-fieldref-spec-host', ctr(env=[{'name': 'NODE', 'valueFrom': {'fieldRef': {'fieldPath': 'spec.host'}}}]), note='legacy alias of spec.nodeName')
case('env-fieldref-api-v2', ctr(env=[{'name': 'POD', 'valueFrom': {'fieldRef': {'apiVersion': 'v2', 'fieldPath': 'metadata.name'}}}]), [f'{C}.env[0].valueFrom.fieldRef.fieldPath Invalid'])
case('env-fieldref-label-bad-key', ctr(env=[{'name': 'L', 'valueFrom': {'fieldRef': {'fieldPath': "metadata.labels['bad key']"}}}]), [f'{C}.env[0].valueFrom.fieldRef Invalid'])
case('hugepages-without-cpu-memory', ctr(resources={'requests': {'hugepages-2Mi': '2Mi'}, 'limits': {'hugepages-2Mi': '2Mi'}}), [f'{C}.resources Forbidden'])
case('hugepages-request-not-limit', ctr(resources={'requests': {'hugepages-2Mi': '2Mi', 'memory': '64Mi'}, 'limits': {'hugepages-2Mi': '4Mi', 'memory': '64Mi'}}), [f'{C}.resources.requests Invalid'])
case('valid-requests-only', ctr(resources={'requests': {'cpu': '100m', 'memory': '32Mi'}}))
case('readiness-probe-grace-period', ctr(readinessProbe={'exec': {'command': ['true']}, 'terminationGracePeriodSeconds': 10}), [f'{C}.readinessProbe.terminationGracePeriodSeconds Invalid'])
case('startup-success-threshold', ctr(startupProbe={'httpGet': {'port': 8080}, 'successThreshold': 3}), [f'{C}.startupProbe.successThreshold Invalid'])
case('pod-hostname-invalid', pod(hostname='My_Host'), ['spec.template.spec.hostname Invalid'])
case('valid-cron-name-52', {'metadata': {'name': 'k' * 52}}, cron=True)
case('valid-cron-indexed-long-name', {'metadata': {'name': 'l' * 52}, 'spec': {'jobTemplate': {'spec': {'completionMode': 'Indexed', 'completions': 100}}}}, cron=True, note='no Indexed hostname check for a CronJob template')
case('valid-completions-zero', spec(completions=0))
case('valid-parallelism-zero', spec(parallelism=0, completions=3))
case('completion-mode-empty', spec(completionMode=''), ['spec.completionMode NotSupported'])
case('restart-policy-empty', pod(restartPolicy=''), ['spec.template.spec.restartPolicy Required'])
case('managed-by-bad-path', spec(managedBy='example.com/a b'), ['spec.managedBy Invalid'])
case('managed-by-bad-domain', spec(managedBy='Example_Com/x'), ['spec.managedBy Invalid'])
case('init-containers-duplicate', pod(initContainers=[{'name': 'a', 'image': 'busybox:1.36'}, {'name': 'a', 'image': 'busybox:1.36'}]), ['spec.template.spec.initContainers[1].name Duplicate'])
case('volume-mount-empty-name', ctr(volumeMounts=[{'name': '', 'mountPath': '/x'}]), [f'{C}.volumeMounts[0].name Required', f'{C}.volumeMounts[0].name NotFound'])
case('cron-negative-ttl', {'spec': {'jobTemplate': {'spec': {'ttlSecondsAfterFinished': -1}}}}, [f'{J}.ttlSecondsAfterFinished Invalid'], cron=True)
case('cron-template-label-bad', {'spec': {'jobTemplate': {'spec': {'template': {'metadata': {'labels': {'x': 'bad value!'}}}}}}}, [f'{J}.template.labels Invalid'], cron=True)
case('selector-bad-expression', merge(spec(manualSelector=True, selector={'matchExpressions': [{'key': 'app', 'operator': 'Equals', 'values': ['x']}]}), {'spec': {'template': {'metadata': {'labels': {'app': 'x'}}}}}), ['spec.selector.matchExpressions[0].operator Invalid'])
case('selector-in-without-values', merge(spec(manualSelector=True, selector={'matchExpressions': [{'key': 'app', 'operator': 'In'}]}), {'spec': {'template': {'metadata': {'labels': {'app': 'x'}}}}}), ['spec.selector.matchExpressions[0].values Required'])


# ---- found by differential fuzzing against the server ----
case('name-64-chars-with-template-labels', merge({'metadata': {'name': 'm' * 64}}, {'spec': {'template': {'metadata': {'labels': {'app': 'x'}}}}}), ['spec.template.labels Invalid', 'metadata.labels Invalid'],
     note='the Job has no labels, so the template label map is copied to metadata.labels by reference and receives the generated job-name labels too')
case('name-64-chars-own-labels', merge({'metadata': {'name': 'n' * 64, 'labels': {'team': 'a'}}}, {'spec': {'template': {'metadata': {'labels': {'app': 'x'}}}}}), ['spec.template.labels Invalid'])
case('name-empty-indexed', merge({'metadata': {'name': ''}}, spec(completionMode='Indexed', completions=11)), ['metadata.name Required', 'metadata.name Invalid'])
case('pfp-empty-condition-type', pfp({'action': 'Ignore', 'onPodConditions': [{'type': ''}]}), [f'{P}.onPodConditions[0].type Invalid', f'{P}.onPodConditions[0].type Invalid'], note='empty: two messages (non-empty, pattern)')
# CronJob fields
case('cron-schedule-empty', {'spec': {'schedule': ''}}, ['spec.schedule Required'], cron=True, source='TestValidateCronJob')
case('cron-schedule-bad', {'spec': {'schedule': 'every 5 minutes'}}, ['spec.schedule Invalid'], cron=True, source='TestValidateCronJob')
case('cron-schedule-out-of-range', {'spec': {'schedule': '0 24 * * *'}}, ['spec.schedule Invalid'], cron=True)
case('cron-schedule-dow-7', {'spec': {'schedule': '0 0 * * 7'}}, ['spec.schedule Invalid'], cron=True, note='day of week is 0-6 for the API server\'s cron parser')
case('cron-schedule-tz', {'spec': {'schedule': 'TZ=UTC 0 * * * *'}}, ['spec.schedule Invalid'], cron=True, source='TestValidateCronJob')
case('valid-cron-descriptors', {'spec': {'schedule': '@every 1h30m'}}, cron=True)
case('valid-cron-names-steps', {'spec': {'schedule': '*/15 9-17 ? JAN-DEC mon-fri'}}, cron=True)
case('valid-cron-timezone', {'spec': {'timeZone': 'Europe/Berlin'}}, cron=True)
case('cron-timezone-unknown', {'spec': {'timeZone': 'Mars/Olympus'}}, ['spec.timeZone Invalid'], cron=True)
case('cron-timezone-local', {'spec': {'timeZone': 'Local'}}, ['spec.timeZone Invalid'], cron=True)
case('cron-concurrency-bad', {'spec': {'concurrencyPolicy': 'forbid'}}, ['spec.concurrencyPolicy NotSupported'], cron=True)
case('cron-negative-history', {'spec': {'successfulJobsHistoryLimit': -1, 'startingDeadlineSeconds': -5}}, ['spec.successfulJobsHistoryLimit Invalid', 'spec.startingDeadlineSeconds Invalid'], cron=True)
case('valid-cron-dotted-name-warning', {'metadata': {'name': 'nightly.report'}}, warnings=['metadata.name'], cron=True)
case('valid-cron-warning-path', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'terminationGracePeriodSeconds': -1}}}}}}, warnings=['spec.jobTemplate.spec.template.spec.terminationGracePeriodSeconds'], cron=True)

case('generate-name-uppercase', {'metadata': {'name': DELETE, 'generateName': 'Nightly-'}}, ['metadata.generateName Invalid', 'metadata.name Invalid'], note='the prefix and the generated name are both checked')
case('volume-duplicate-invalid-names', pod(volumes=[{'name': 'Data_Vol', 'emptyDir': {}}, {'name': 'Data_Vol', 'emptyDir': {}}]), ['spec.template.spec.volumes[0].name Invalid', 'spec.template.spec.volumes[1].name Invalid'], note='no Duplicate for names that are already invalid')
case('ephemeral-container-no-name', pod(ephemeralContainers=[{'image': 'busybox:1.36'}]), ['spec.template.spec.ephemeralContainers[0].name Required', 'spec.template.spec.ephemeralContainers Forbidden'])

case('host-port-conflict', pod(containers=[{'name': 'a', 'image': 'busybox:1.36', 'ports': [{'containerPort': 80, 'hostPort': 8080}]}, {'name': 'b', 'image': 'busybox:1.36', 'ports': [{'containerPort': 81, 'hostPort': 8080}]}]), ['spec.template.spec.containers[1].ports[0].hostPort Duplicate'])
case('probe-exec-without-command', ctr(livenessProbe={'exec': {}}), [f'{C}.livenessProbe.exec.command Required'])
case('probe-http-port-zero', ctr(readinessProbe={'httpGet': {'port': 0}}), [f'{C}.readinessProbe.httpGet.port Invalid'])
case('probe-http-port-bad-name', ctr(readinessProbe={'httpGet': {'port': 'HTTP_PORT'}}), [f'{C}.readinessProbe.httpGet.port Invalid', f'{C}.readinessProbe.httpGet.port Invalid'])
case('probe-http-scheme-lowercase', ctr(readinessProbe={'httpGet': {'port': 8080, 'scheme': 'https'}}), [f'{C}.readinessProbe.httpGet.scheme NotSupported'])
case('valid-probe-http-named-port', ctr(ports=[{'name': 'http', 'containerPort': 8080}], readinessProbe={'httpGet': {'port': 'http', 'path': '/healthz'}}))

case('env-secret-ref-bad', ctr(env=[{'name': 'PW', 'valueFrom': {'secretKeyRef': {'name': 'My_Secret', 'key': 'pass word'}}}]), [f'{C}.env[0].valueFrom.secretKeyRef.name Invalid', f'{C}.env[0].valueFrom.secretKeyRef.key Invalid'])
case('env-configmap-ref-no-key', ctr(env=[{'name': 'X', 'valueFrom': {'configMapKeyRef': {'name': 'settings', 'key': ''}}}]), [f'{C}.env[0].valueFrom.configMapKeyRef.key Required'])
case('valid-env-secret-ref', ctr(env=[{'name': 'PW', 'valueFrom': {'secretKeyRef': {'name': 'db-creds', 'key': 'password', 'optional': True}}}]))

case('env-resource-field-bad', ctr(env=[{'name': 'CPU', 'valueFrom': {'resourceFieldRef': {'resource': 'cpu'}}}]), [f'{C}.env[0].valueFrom.resourceFieldRef.resource NotSupported'])

case('readiness-probe-grace-period-zero', ctr(readinessProbe={'exec': {'command': ['true']}, 'terminationGracePeriodSeconds': 0}), [f'{C}.readinessProbe.terminationGracePeriodSeconds Invalid', f'{C}.readinessProbe.terminationGracePeriodSeconds Invalid'])
case('ephemeral-containers-unnamed-twice', pod(ephemeralContainers=[{'image': 'busybox:1.36'}, {'image': 'busybox:1.36'}]), ['spec.template.spec.ephemeralContainers[0].name Required', 'spec.template.spec.ephemeralContainers[1].name Required', 'spec.template.spec.ephemeralContainers[1].name Duplicate', 'spec.template.spec.ephemeralContainers Forbidden'])

case('toleration-operator-lowercase', pod(tolerations=[{'key': 'gpu', 'operator': 'exists', 'effect': 'NoSchedule'}]), ['spec.template.spec.tolerations[0].operator NotSupported'])
case('toleration-exists-with-value', pod(tolerations=[{'key': 'gpu', 'operator': 'Exists', 'value': 'true'}]), ['spec.template.spec.tolerations[0].operator Invalid'])
case('toleration-empty-key-equal', pod(tolerations=[{'operator': 'Equal', 'value': 'x'}]), ['spec.template.spec.tolerations[0].operator Invalid'])
case('toleration-seconds-without-noexecute', pod(tolerations=[{'key': 'k', 'operator': 'Exists', 'effect': 'NoSchedule', 'tolerationSeconds': 30}]), ['spec.template.spec.tolerations[0].effect Invalid'])
case('toleration-bad-effect', pod(tolerations=[{'key': 'k', 'operator': 'Exists', 'effect': 'noschedule'}]), ['spec.template.spec.tolerations[0].effect NotSupported'])
case('toleration-lt-gated', pod(tolerations=[{'key': 'k', 'operator': 'Lt', 'value': '5'}]), ['spec.template.spec.tolerations[0].operator NotSupported'], note='Lt/Gt need the alpha TaintTolerationComparisonOperators gate')
case('valid-tolerations', pod(tolerations=[{'operator': 'Exists'}, {'key': 'nvidia.com/gpu', 'operator': 'Exists', 'effect': 'NoSchedule'}, {'key': 'spot', 'value': 'true', 'effect': 'NoExecute', 'tolerationSeconds': 60}]))
case('node-selector-bad-value', pod(nodeSelector={'disktype': 'fast ssd'}), ['spec.template.spec.nodeSelector Invalid'])

case('service-account-uppercase', pod(serviceAccountName='Batch-Runner'), ['spec.template.spec.serviceAccountName Invalid'])
case('priority-class-bad', pod(priorityClassName='high_priority'), ['spec.template.spec.priorityClassName Invalid'])
case('warn-image-pull-secrets', pod(imagePullSecrets=[{'name': 'regcred'}, {'name': 'regcred'}, {'name': ''}]), warnings=['spec.template.spec.imagePullSecrets[1].name', 'spec.template.spec.imagePullSecrets[2].name'])

case('valid-volume-null-emptydir', merge(pod(volumes=[{'name': 'scratch', 'emptyDir': None}]), ctr(volumeMounts=[{'name': 'scratch', 'mountPath': '/scratch'}])), note='a volume with no source (here `emptyDir:` left null) is defaulted to an emptyDir')
case('valid-volume-name-only', merge(pod(volumes=[{'name': 'scratch'}]), ctr(volumeMounts=[{'name': 'scratch', 'mountPath': '/scratch'}])), note='a volume with no source is defaulted to an emptyDir')
case('volume-two-sources', pod(volumes=[{'name': 'v', 'emptyDir': {}, 'configMap': {'name': 'cm'}}]), ['spec.template.spec.volumes[0].configMap Forbidden'])
case('volume-two-sources-server-typo', pod(volumes=[{'name': 'v', 'emptyDir': {}, 'downwardAPI': {'items': []}}]), ['spec.template.spec.volumes[0].downwarAPI Forbidden'], note='the server reports this path with its own typo')
case('volume-configmap-no-name', pod(volumes=[{'name': 'cfg', 'configMap': {}}]), ['spec.template.spec.volumes[0].configMap.name Required'])
case('volume-secret-no-name', pod(volumes=[{'name': 'creds', 'secret': {}}]), ['spec.template.spec.volumes[0].secret.secretName Required'])
case('valid-volume-sources', merge(pod(volumes=[{'name': 'cfg', 'configMap': {'name': 'settings'}}, {'name': 'creds', 'secret': {'secretName': 'db'}}, {'name': 'data', 'persistentVolumeClaim': {'claimName': 'data'}}]), ctr(volumeMounts=[{'name': 'cfg', 'mountPath': '/etc/cfg'}, {'name': 'creds', 'mountPath': '/etc/creds'}, {'name': 'data', 'mountPath': '/data'}])))

case('valid-probe-http-empty-scheme', ctr(readinessProbe={'httpGet': {'port': 8080, 'scheme': '', 'path': ''}}), note='an empty scheme and path are defaulted (HTTP, /)')


# ==== pod template rules beyond the Job: securityContext, lifecycle, affinity, spread, claims, envFrom, volume sources, warnings ====
PS = 'spec.template.spec'
JPS = 'spec.jobTemplate.spec.template.spec'
def sc(**kw):
    return pod(securityContext=kw)
def csc(**kw):
    return ctr(securityContext=kw)
# ---- securityContext ----
case('valid-security-context', merge(sc(runAsUser=1000, runAsGroup=3000, fsGroup=2000, supplementalGroups=[4000, 0], fsGroupChangePolicy='OnRootMismatch',
     seccompProfile={'type': 'RuntimeDefault'}, sysctls=[{'name': 'net.ipv4.ip_local_port_range', 'value': '1024 65535'}, {'name': 'kernel/shm_rmid_forced', 'value': '1'}]),
     csc(allowPrivilegeEscalation=False, runAsNonRoot=True, capabilities={'drop': ['ALL']}, seccompProfile={'type': 'Localhost', 'localhostProfile': 'profiles/audit.json'}, appArmorProfile={'type': 'RuntimeDefault'})))
case('valid-privileged', csc(privileged=True), note='the control plane runs with --allow-privileged=true, like kubeadm clusters')
case('valid-sys-admin-without-cap-prefix', csc(allowPrivilegeEscalation=False, capabilities={'add': ['SYS_ADMIN']}), note='only the literal CAP_SYS_ADMIN is rejected with allowPrivilegeEscalation: false')
case('sc-ids-out-of-range', merge(sc(runAsUser=-1), csc(runAsGroup=2147483648)), [f'{PS}.securityContext.runAsUser Invalid', f'{C}.securityContext.runAsGroup Invalid'])
case('sc-fsgroup-supplemental-negative', sc(fsGroup=-5, supplementalGroups=[10, -1]), [f'{PS}.securityContext.fsGroup Invalid', f'{PS}.securityContext.supplementalGroups[1] Invalid'])
case('sc-sysctls', sc(sysctls=[{'name': '', 'value': '1'}, {'name': 'Net.IPv4.Bad', 'value': '1'}, {'name': 'kernel.msgmax', 'value': '1'}, {'name': 'kernel.msgmax', 'value': '2'}]),
     [f'{PS}.securityContext.sysctls[0].name Required', f'{PS}.securityContext.sysctls[1].name Invalid', f'{PS}.securityContext.sysctls[3].name Duplicate'])
case('sc-sysctl-host-network', merge(pod(hostNetwork=True), sc(sysctls=[{'name': 'net.core.somaxconn', 'value': '1024'}])), [f'{PS}.securityContext.sysctls[0].name Invalid'])
case('sc-sysctl-host-ipc', merge(pod(hostIPC=True), sc(sysctls=[{'name': 'kernel.shmmax', 'value': '1024'}, {'name': 'net.core.somaxconn', 'value': '1024'}])), [f'{PS}.securityContext.sysctls[0].name Invalid'])
case('sc-fsgroup-change-policy-bad', sc(fsGroupChangePolicy='onRootMismatch'), [f'{PS}.securityContext.fsGroupChangePolicy NotSupported'])
case('sc-supplemental-groups-policy-bad', sc(supplementalGroupsPolicy='merge'), [f'{PS}.securityContext.supplementalGroupsPolicy NotSupported'])
case('sc-seccomp-localhost-missing-profile', sc(seccompProfile={'type': 'Localhost'}), [f'{PS}.securityContext.seccompProfile.localhostProfile Required'])
case('sc-seccomp-profile-without-localhost', csc(seccompProfile={'type': 'RuntimeDefault', 'localhostProfile': 'x.json'}), [f'{C}.securityContext.seccompProfile.localhostProfile Invalid'])
case('sc-seccomp-type-bad', csc(seccompProfile={'type': 'runtime/default'}), [f'{C}.securityContext.seccompProfile.type NotSupported'])
case('sc-seccomp-type-missing', sc(seccompProfile={}), [f'{PS}.securityContext.seccompProfile.type Required'])
case('sc-seccomp-localhost-paths', merge(sc(seccompProfile={'type': 'Localhost', 'localhostProfile': '/etc/x.json'}), csc(seccompProfile={'type': 'Localhost', 'localhostProfile': 'a/../../x.json'})),
     [f'{PS}.securityContext.seccompProfile.localhostProfile Invalid', f'{C}.securityContext.seccompProfile.localhostProfile Invalid'])
case('sc-apparmor', merge(sc(appArmorProfile={'type': 'Unconfined', 'localhostProfile': 'p'}), csc(appArmorProfile={'type': 'Localhost'})),
     [f'{PS}.securityContext.appArmorProfile.localhostProfile Invalid', f'{C}.securityContext.appArmorProfile.localhostProfile Required'])
case('sc-apparmor-type-bad', csc(appArmorProfile={'type': 'runtime/default'}), [f'{C}.securityContext.appArmorProfile.type NotSupported'])
case('sc-apparmor-localhost-padded', csc(appArmorProfile={'type': 'Localhost', 'localhostProfile': ' k8s-profile'}), [f'{C}.securityContext.appArmorProfile.localhostProfile Invalid'])
case('sc-privileged-no-escalation', csc(privileged=True, allowPrivilegeEscalation=False), [f'{C}.securityContext Invalid'])
case('sc-cap-sys-admin-no-escalation', csc(allowPrivilegeEscalation=False, capabilities={'add': ['NET_ADMIN', 'CAP_SYS_ADMIN']}), [f'{C}.securityContext Invalid'])
case('sc-proc-mount-unmasked-host-users', csc(procMount='Unmasked'), [f'{C}.securityContext.procMount Invalid'])
case('sc-proc-mount-bad', csc(procMount='masked'), [f'{C}.securityContext.procMount NotSupported'])
case('sc-share-process-namespace-host-pid', pod(shareProcessNamespace=True, hostPID=True), [f'{PS}.shareProcessNamespace Invalid'])
case('sc-init-container-run-as-user', pod(initContainers=[{'name': 'setup', 'image': 'busybox:1.36', 'securityContext': {'runAsUser': -1}}]), [f'{PS}.initContainers[0].securityContext.runAsUser Invalid'])
case('cron-sc-run-as-user-negative', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'securityContext': {'runAsUser': -1}}}}}}}, [f'{JPS}.securityContext.runAsUser Invalid'], cron=True)

# ---- lifecycle hooks ----
L = f'{C}.lifecycle'
case('valid-lifecycle', ctr(ports=[{'name': 'http', 'containerPort': 8080}], lifecycle={'postStart': {'exec': {'command': ['sh', '-c', 'echo started']}}, 'preStop': {'httpGet': {'port': 'http', 'path': '/drain', 'httpHeaders': [{'name': 'X-Reason', 'value': 'stop'}]}}}))
case('valid-lifecycle-sleep-within-grace', merge(pod(terminationGracePeriodSeconds=120), ctr(lifecycle={'preStop': {'sleep': {'seconds': 90}}})))
case('valid-lifecycle-sleep-default-grace', ctr(lifecycle={'preStop': {'sleep': {'seconds': 30}}}), note='terminationGracePeriodSeconds defaults to 30')
case('lifecycle-no-handler', ctr(lifecycle={'preStop': {}}), [f'{L}.preStop Required'])
case('lifecycle-two-handlers', ctr(lifecycle={'postStart': {'exec': {'command': ['true']}, 'httpGet': {'port': 80}}}), [f'{L}.postStart.httpGet Forbidden'])
case('lifecycle-exec-no-command', ctr(lifecycle={'postStart': {'exec': {}}}), [f'{L}.postStart.exec.command Required'])
case('lifecycle-http-port-zero', ctr(lifecycle={'preStop': {'httpGet': {'port': 0}}}), [f'{L}.preStop.httpGet.port Invalid'])
case('lifecycle-http-port-bad-name', ctr(lifecycle={'preStop': {'httpGet': {'port': 'HTTP_PORT'}}}), [f'{L}.preStop.httpGet.port Invalid', f'{L}.preStop.httpGet.port Invalid'])
case('lifecycle-http-scheme-lowercase', ctr(lifecycle={'preStop': {'httpGet': {'port': 80, 'scheme': 'https'}}}), [f'{L}.preStop.httpGet.scheme NotSupported'])
case('lifecycle-http-header-bad', ctr(lifecycle={'preStop': {'httpGet': {'port': 80, 'httpHeaders': [{'name': 'X Reason', 'value': 'stop'}]}}}), [f'{L}.preStop.httpGet.httpHeaders Invalid'])
case('lifecycle-tcp-port-out-of-range', ctr(lifecycle={'postStart': {'tcpSocket': {'port': 70000}}}), [f'{L}.postStart.tcpSocket.port Invalid'])
case('lifecycle-sleep-above-grace', ctr(lifecycle={'preStop': {'sleep': {'seconds': 60}}}), [f'{L}.preStop.sleep Invalid'])
case('lifecycle-sleep-negative', ctr(lifecycle={'preStop': {'sleep': {'seconds': -1}}}), [f'{L}.preStop.sleep Invalid'])
case('lifecycle-sidecar-no-handler', pod(initContainers=[{'name': 'proxy', 'image': 'busybox:1.36', 'restartPolicy': 'Always', 'lifecycle': {'preStop': {}}}]), [f'{PS}.initContainers[0].lifecycle.preStop Required'])
case('cron-lifecycle-two-handlers', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'containers': [{'name': 'main', 'image': 'busybox:1.36', 'lifecycle': {'preStop': {'exec': {'command': ['true']}, 'sleep': {'seconds': 1}}}}]}}}}}},
     [f'{JPS}.containers[0].lifecycle.preStop.sleep Forbidden'], cron=True)

# ---- affinity ----
A = f'{PS}.affinity'
NR = f'{A}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]'
def node_req(*exprs, fields=None):
    t = {'matchExpressions': list(exprs)}
    if fields is not None:
        t['matchFields'] = fields
    return pod(affinity={'nodeAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': {'nodeSelectorTerms': [t]}}})
case('valid-affinity', merge(merge(node_req({'key': 'disktype', 'operator': 'In', 'values': ['ssd']}, {'key': 'cpus', 'operator': 'Gt', 'values': ['4']}, fields=[{'key': 'metadata.name', 'operator': 'NotIn', 'values': ['node-1']}]),
     pod(affinity={'nodeAffinity': {'preferredDuringSchedulingIgnoredDuringExecution': [{'weight': 50, 'preference': {'matchExpressions': [{'key': 'zone', 'operator': 'Exists'}]}}]},
                   'podAntiAffinity': {'preferredDuringSchedulingIgnoredDuringExecution': [{'weight': 100, 'podAffinityTerm': {'labelSelector': {'matchLabels': {'app': 'etl'}}, 'topologyKey': 'kubernetes.io/hostname'}}]},
                   'podAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': [{'labelSelector': {'matchExpressions': [{'key': 'tier', 'operator': 'In', 'values': ['cache']}]}, 'namespaceSelector': {}, 'topologyKey': 'topology.kubernetes.io/zone', 'matchLabelKeys': ['app'], 'mismatchLabelKeys': ['team']}]}})), {}))
case('affinity-in-without-values', node_req({'key': 'disktype', 'operator': 'In'}), [f'{NR}.matchExpressions[0].values Required'])
case('affinity-exists-with-values', node_req({'key': 'disktype', 'operator': 'Exists', 'values': ['ssd']}), [f'{NR}.matchExpressions[0].values Forbidden'])
case('affinity-bad-operator', node_req({'key': 'disktype', 'operator': 'Equals', 'values': ['ssd']}), [f'{NR}.matchExpressions[0].operator Invalid'])
case('affinity-gt-two-values', node_req({'key': 'cpus', 'operator': 'Gt', 'values': ['4', '8']}), [f'{NR}.matchExpressions[0].values Required'])
case('affinity-bad-key-and-value', node_req({'key': 'disk type', 'operator': 'In', 'values': ['fast ssd']}), [f'{NR}.matchExpressions[0].key Invalid', f'{NR}.matchExpressions[0].values[0] Invalid'])
case('affinity-no-terms', pod(affinity={'nodeAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': {'nodeSelectorTerms': []}}}), [f'{A}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms Required'])
case('affinity-match-fields-bad-key', node_req(fields=[{'key': 'metadata.labels', 'operator': 'In', 'values': ['a']}]), [f'{NR}.matchFields[0].key Invalid'])
case('affinity-match-fields-two-values', node_req(fields=[{'key': 'metadata.name', 'operator': 'In', 'values': ['node-a', 'node-b']}]), [f'{NR}.matchFields[0].values Required'])
case('affinity-match-fields-exists', node_req(fields=[{'key': 'metadata.name', 'operator': 'Exists'}]), [f'{NR}.matchFields[0].operator Invalid'])
case('affinity-weights', pod(affinity={'nodeAffinity': {'preferredDuringSchedulingIgnoredDuringExecution': [{'weight': 0, 'preference': {'matchExpressions': [{'key': 'a', 'operator': 'Exists'}]}}]},
     'podAffinity': {'preferredDuringSchedulingIgnoredDuringExecution': [{'weight': 101, 'podAffinityTerm': {'labelSelector': {}, 'topologyKey': 'kubernetes.io/hostname'}}]}}),
     [f'{A}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight Invalid', f'{A}.podAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight Invalid'])
PA = f'{A}.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]'
def anti(**term):
    return pod(affinity={'podAntiAffinity': {'requiredDuringSchedulingIgnoredDuringExecution': [term]}})
case('affinity-topology-key-empty', anti(labelSelector={'matchLabels': {'app': 'x'}}, topologyKey=''), [f'{PA}.topologyKey Required', f'{PA}.topologyKey Invalid', f'{PA}.topologyKey Invalid'], note='Required, then the label-key syntax check reports the empty name twice (empty, pattern)')
case('affinity-topology-key-bad', anti(labelSelector={'matchLabels': {'app': 'x'}}, topologyKey='my zone'), [f'{PA}.topologyKey Invalid'])
case('affinity-selector-in-without-values', anti(labelSelector={'matchExpressions': [{'key': 'app', 'operator': 'In'}]}, topologyKey='kubernetes.io/hostname'), [f'{PA}.labelSelector.matchExpressions[0].values Required'])
case('affinity-namespaces-bad', anti(labelSelector={}, namespaces=['Team_A'], topologyKey='kubernetes.io/hostname'), [f'{PA}.namespace Invalid'], note='the server reports namespaces entries at a singular .namespace')
case('affinity-match-label-keys-without-selector', anti(topologyKey='kubernetes.io/hostname', matchLabelKeys=['app']), [f'{PA}.matchLabelKeys Forbidden'])
case('affinity-match-and-mismatch-same-key', anti(labelSelector={}, topologyKey='kubernetes.io/hostname', matchLabelKeys=['app'], mismatchLabelKeys=['app']), [f'{PA}.matchLabelKeys[0] Invalid'])
case('cron-affinity-weight-zero', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'affinity': {'nodeAffinity': {'preferredDuringSchedulingIgnoredDuringExecution': [{'weight': 0, 'preference': {}}]}}}}}}}},
     [f'{JPS}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight Invalid'], cron=True)

# ---- topologySpreadConstraints ----
T = f'{PS}.topologySpreadConstraints'
def tsc(*cs):
    return pod(topologySpreadConstraints=list(cs))
SEL = {'matchLabels': {'app': 'etl'}}
case('valid-topology-spread', tsc({'maxSkew': 1, 'topologyKey': 'topology.kubernetes.io/zone', 'whenUnsatisfiable': 'DoNotSchedule', 'labelSelector': SEL, 'minDomains': 2, 'nodeAffinityPolicy': 'Honor', 'nodeTaintsPolicy': 'Ignore', 'matchLabelKeys': ['batch.kubernetes.io/controller-uid']},
                                  {'maxSkew': 2, 'topologyKey': 'topology.kubernetes.io/zone', 'whenUnsatisfiable': 'ScheduleAnyway', 'labelSelector': SEL}), note='same key with a different whenUnsatisfiable is fine')
case('valid-topology-match-label-key-in-selector', tsc({'maxSkew': 1, 'topologyKey': 'kubernetes.io/hostname', 'whenUnsatisfiable': 'DoNotSchedule', 'labelSelector': SEL, 'matchLabelKeys': ['app']}))
case('topology-max-skew-zero', tsc({'maxSkew': 0, 'topologyKey': 'kubernetes.io/hostname', 'whenUnsatisfiable': 'DoNotSchedule', 'labelSelector': SEL}), [f'{T}[0].maxSkew Invalid'])
case('topology-key-empty', tsc({'maxSkew': 1, 'topologyKey': '', 'whenUnsatisfiable': 'DoNotSchedule', 'labelSelector': SEL}), [f'{T}[0].topologyKey Required'])
case('topology-when-lowercase', tsc({'maxSkew': 1, 'topologyKey': 'kubernetes.io/hostname', 'whenUnsatisfiable': 'doNotSchedule', 'labelSelector': SEL}), [f'{T}[0].whenUnsatisfiable NotSupported'])
case('topology-duplicate', tsc({'maxSkew': 1, 'topologyKey': 'kubernetes.io/hostname', 'whenUnsatisfiable': 'DoNotSchedule', 'labelSelector': SEL}, {'maxSkew': 3, 'topologyKey': 'kubernetes.io/hostname', 'whenUnsatisfiable': 'DoNotSchedule', 'labelSelector': SEL}),
     [f'{T}[0].{{topologyKey, whenUnsatisfiable}} Duplicate'], note='reported at the first of the two, with this literal path segment')
case('topology-min-domains-schedule-anyway', tsc({'maxSkew': 1, 'topologyKey': 'kubernetes.io/hostname', 'whenUnsatisfiable': 'ScheduleAnyway', 'minDomains': 2, 'labelSelector': SEL}), [f'{T}[0].minDomains Invalid'])
case('topology-min-domains-zero', tsc({'maxSkew': 1, 'topologyKey': 'kubernetes.io/hostname', 'whenUnsatisfiable': 'DoNotSchedule', 'minDomains': 0, 'labelSelector': SEL}), [f'{T}[0].minDomains Invalid'])
case('topology-policies-lowercase', tsc({'maxSkew': 1, 'topologyKey': 'kubernetes.io/hostname', 'whenUnsatisfiable': 'DoNotSchedule', 'nodeAffinityPolicy': 'honor', 'nodeTaintsPolicy': 'ignore', 'labelSelector': SEL}), [f'{T}[0].nodeAffinityPolicy NotSupported', f'{T}[0].nodeTaintsPolicy NotSupported'])
case('topology-match-label-keys-without-selector', tsc({'maxSkew': 1, 'topologyKey': 'kubernetes.io/hostname', 'whenUnsatisfiable': 'DoNotSchedule', 'matchLabelKeys': ['app']}), [f'{T}[0].matchLabelKeys Forbidden'])
case('topology-match-label-key-bad', tsc({'maxSkew': 1, 'topologyKey': 'kubernetes.io/hostname', 'whenUnsatisfiable': 'DoNotSchedule', 'labelSelector': SEL, 'matchLabelKeys': ['my key']}), [f'{T}[0].matchLabelKeys[0] Invalid'])
case('topology-selector-bad', tsc({'maxSkew': 1, 'topologyKey': 'kubernetes.io/hostname', 'whenUnsatisfiable': 'DoNotSchedule', 'labelSelector': {'matchExpressions': [{'key': 'app', 'operator': 'Exists', 'values': ['x']}]}}), [f'{T}[0].labelSelector.matchExpressions[0].values Forbidden'])
case('cron-topology-max-skew-zero', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'topologySpreadConstraints': [{'maxSkew': 0, 'topologyKey': 'kubernetes.io/hostname', 'whenUnsatisfiable': 'DoNotSchedule', 'labelSelector': SEL}]}}}}}},
     [f'{JPS}.topologySpreadConstraints[0].maxSkew Invalid'], cron=True)

# ---- resourceClaims ----
R = f'{PS}.resourceClaims'
case('valid-resource-claims', merge(pod(resourceClaims=[{'name': 'gpu', 'resourceClaimTemplateName': 'gpu-template'}, {'name': 'shared', 'resourceClaimName': 'shared-claim'}]), ctr(resources={'claims': [{'name': 'gpu'}, {'name': 'shared', 'request': 'fast'}]})))
case('claims-duplicate-name', pod(resourceClaims=[{'name': 'gpu', 'resourceClaimName': 'a'}, {'name': 'gpu', 'resourceClaimName': 'b'}]), [f'{R}[1].name Duplicate'])
case('claims-no-source', pod(resourceClaims=[{'name': 'gpu'}]), [f'{R}[0] Invalid'])
case('claims-two-sources', pod(resourceClaims=[{'name': 'gpu', 'resourceClaimName': 'a', 'resourceClaimTemplateName': 'b'}]), [f'{R}[0] Invalid'])
case('claims-bad-names', pod(resourceClaims=[{'name': 'GPU_1', 'resourceClaimName': 'My_Claim'}]), [f'{R}[0].name Invalid', f'{R}[0].resourceClaimName Invalid'])
case('claims-container-unknown', merge(pod(resourceClaims=[{'name': 'gpu', 'resourceClaimName': 'a'}]), ctr(resources={'claims': [{'name': 'tpu'}]})), [f'{C}.resources.claims[0] NotFound'])
case('claims-container-duplicate', merge(pod(resourceClaims=[{'name': 'gpu', 'resourceClaimName': 'a'}]), ctr(resources={'claims': [{'name': 'gpu'}, {'name': 'gpu'}]})), [f'{C}.resources.claims[1] Duplicate'])
case('claims-container-no-pod-claims', ctr(resources={'claims': [{'name': 'gpu'}]}), [f'{C}.resources.claims[0] NotFound'])
case('cron-claims-no-source', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'resourceClaims': [{'name': 'gpu'}]}}}}}}, [f'{JPS}.resourceClaims[0] Invalid'], cron=True)

# ---- envFrom ----
E = f'{C}.envFrom'
case('valid-env-from', ctr(envFrom=[{'configMapRef': {'name': 'settings'}}, {'secretRef': {'name': 'creds', 'optional': True}, 'prefix': 'DB_'}, {'prefix': '1X-', 'configMapRef': {'name': 'extra'}}]), note='relaxed names: a prefix may start with a digit')
case('env-from-no-source', ctr(envFrom=[{'prefix': 'X_'}]), [f'{E} Invalid'], note='reported at the envFrom list, not the entry')
case('env-from-both-sources', ctr(envFrom=[{'configMapRef': {'name': 'a'}, 'secretRef': {'name': 'b'}}]), [f'{E} Invalid'])
case('env-from-bad-name', ctr(envFrom=[{'configMapRef': {'name': 'My_Config'}}]), [f'{E}[0].configMapRef.name Invalid'])
case('env-from-empty-name', ctr(envFrom=[{'secretRef': {'name': ''}}]), [f'{E}[0].secretRef.name Required'])
case('env-from-prefix-equals', ctr(envFrom=[{'prefix': 'A=', 'configMapRef': {'name': 'a'}}]), [f'{E}[0].prefix Invalid'])
case('cron-env-from-no-source', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'containers': [{'name': 'main', 'image': 'busybox:1.36', 'envFrom': [{}]}]}}}}}}, [f'{JPS}.containers[0].envFrom Invalid'], cron=True)

# ---- volume sources ----
V = f'{PS}.volumes[0]'
def vol(**src):
    return pod(volumes=[dict(name='v', **src)])
case('valid-volume-source-contents', pod(volumes=[
    {'name': 'cfg', 'configMap': {'name': 'settings', 'defaultMode': 0o440, 'items': [{'key': 'a', 'path': 'conf/a.yaml', 'mode': 0o400}]}},
    {'name': 'creds', 'secret': {'secretName': 'db', 'items': [{'key': 'password', 'path': 'password'}]}},
    {'name': 'info', 'downwardAPI': {'items': [{'path': 'labels', 'fieldRef': {'fieldPath': 'metadata.labels'}}, {'path': 'idx', 'fieldRef': {'fieldPath': "metadata.annotations['batch.kubernetes.io/job-completion-index']"}}, {'path': 'mem', 'resourceFieldRef': {'containerName': 'main', 'resource': 'limits.memory'}}]}},
    {'name': 'token', 'projected': {'sources': [{'serviceAccountToken': {'path': 'token', 'expirationSeconds': 3600, 'audience': 'api'}}, {'configMap': {'name': 'ca', 'items': [{'key': 'ca.crt', 'path': 'ca.crt'}]}}]}},
    {'name': 'logs', 'hostPath': {'path': '/var/log', 'type': 'Directory'}},
    {'name': 'scratch', 'emptyDir': {'sizeLimit': '1Gi', 'medium': 'Memory'}},
]))
case('volume-item-absolute-path', vol(configMap={'name': 'settings', 'items': [{'key': 'a', 'path': '/etc/a'}]}), [f'{V}.configMap.items[0].path Invalid'])
case('volume-item-dotdot', vol(secret={'secretName': 's', 'items': [{'key': 'a', 'path': '../a'}, {'key': 'b', 'path': '..b'}]}), [f'{V}.secret.items[0].path Invalid', f'{V}.secret.items[1].path Invalid'])
case('volume-item-missing-key', vol(configMap={'name': 'settings', 'items': [{'path': 'a'}]}), [f'{V}.configMap.items[0].key Required'])
case('volume-modes-decimal-777', vol(configMap={'name': 'settings', 'defaultMode': 777, 'items': [{'key': 'a', 'path': 'a', 'mode': 1000}]}), [f'{V}.configMap.defaultMode Invalid', f'{V}.configMap.items[0].mode Invalid'], note='777 decimal is 01411 octal: write 0777 or 511')
case('volume-hostpath-type-lowercase', vol(hostPath={'path': '/data', 'type': 'directory'}), [f'{V}.hostPath.type NotSupported'])
case('volume-hostpath-dotdot', vol(hostPath={'path': '/data/../etc'}), [f'{V}.hostPath.path Invalid'])
case('volume-emptydir-negative-size', vol(emptyDir={'sizeLimit': '-1Gi'}), [f'{V}.emptyDir.sizeLimit Forbidden'])
case('volume-downward-item-no-ref', vol(downwardAPI={'items': [{'path': 'x'}]}), [f'{V}.downwardAPI Required'], note='downwardAPI items are reported at the downwardAPI block, without the item index')
case('volume-downward-unsupported-field', vol(downwardAPI={'items': [{'path': 'node', 'fieldRef': {'fieldPath': 'spec.nodeName'}}]}), [f'{V}.downwardAPI.fieldRef.fieldPath NotSupported'])
case('volume-downward-resource-no-container', vol(downwardAPI={'items': [{'path': 'cpu', 'resourceFieldRef': {'resource': 'limits.cpu'}}]}), [f'{V}.downwardAPI.resourceFieldRef.containerName Required'])
case('volume-projected-token-short', vol(projected={'sources': [{'serviceAccountToken': {'path': 'token', 'expirationSeconds': 60}}]}), [f'{V}.projected.sources[0].serviceAccountToken.expirationSeconds Invalid'])
case('volume-projected-token-absolute-path', vol(projected={'sources': [{'serviceAccountToken': {'path': '/token'}}]}), [f'{V}.projected.path Invalid'], note='the token path is reported at the projected volume')
case('volume-projected-duplicate-paths', vol(projected={'sources': [{'configMap': {'name': 'a', 'items': [{'key': 'x', 'path': 'x'}]}}, {'secret': {'name': 'b', 'items': [{'key': 'z1', 'path': 'x'}]}}]}), [f'{V}.projected Invalid'])
case('volume-projected-two-kinds', vol(projected={'sources': [{'configMap': {'name': 'a'}, 'secret': {'name': 'b'}}]}), [f'{V}.projected.sources[0] Forbidden'])
case('volume-projected-no-name', vol(projected={'sources': [{'secret': {}}]}), [f'{V}.projected.sources[0].secret.name Required'])
case('volume-mount-of-invalid-volume', merge(vol(configMap={'name': 'settings', 'items': [{'key': 'a', 'path': '/etc/a'}]}), ctr(volumeMounts=[{'name': 'v', 'mountPath': '/cfg'}])),
     [f'{V}.configMap.items[0].path Invalid', f'{C}.volumeMounts[0].name NotFound'], note='a volume with any error cannot be mounted')
case('volume-gitrepo-no-repository', vol(gitRepo={'directory': 'src'}), [f'{V}.gitRepo.repository Required'])
case('cron-volume-item-absolute-path', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'volumes': [{'name': 'v', 'configMap': {'name': 'c', 'items': [{'key': 'a', 'path': '/a'}]}}]}}}}}},
     [f'{JPS}.volumes[0].configMap.items[0].path Invalid'], cron=True)

# ---- create warnings (pod template) ----
def two(a_ports, b_ports):
    return pod(containers=[{'name': 'a', 'image': 'busybox:1.36', 'ports': a_ports}, {'name': 'b', 'image': 'busybox:1.36', 'ports': b_ports}])
case('warn-port-duplicate-across-containers', two([{'containerPort': 80}], [{'containerPort': 80}]), warnings=[f'{PS}.containers[1].ports[0]'])
case('warn-port-overlapping', two([{'containerPort': 80}], [{'containerPort': 80, 'hostPort': 8080}]), warnings=[f'{PS}.containers[1].ports[0]'])
case('warn-port-ambiguous', two([{'containerPort': 80, 'hostPort': 8080, 'hostIP': '10.0.0.1'}], [{'containerPort': 80, 'hostPort': 8080}]), warnings=[f'{PS}.containers[1].ports[0]'])
case('warn-port-name-across-containers', two([{'name': 'http', 'containerPort': 80}], [{'name': 'http', 'containerPort': 81}]), warnings=[f'{PS}.containers[1].ports[0]'])
case('warn-port-host-ip-without-host-port', ctr(ports=[{'containerPort': 80, 'hostIP': '127.0.0.1'}]), warnings=[f'{C}.ports[0]'])
case('warn-port-init-visited-first', merge(pod(initContainers=[{'name': 'setup', 'image': 'busybox:1.36', 'ports': [{'containerPort': 80}]}]), ctr(ports=[{'containerPort': 80}])), warnings=[f'{C}.ports[0]'], note='the server compares init containers first, even ones that are not sidecars')
case('warn-deprecated-node-labels', merge(pod(nodeSelector={'beta.kubernetes.io/arch': 'amd64'}), node_req({'key': 'failure-domain.beta.kubernetes.io/zone', 'operator': 'In', 'values': ['eu-1a']})),
     warnings=[f'{PS}.nodeSelector[beta.kubernetes.io/arch]', f'{NR}.matchExpressions[0].key'])
case('warn-preferred-affinity-invalid-value', pod(affinity={'nodeAffinity': {'preferredDuringSchedulingIgnoredDuringExecution': [{'weight': 1, 'preference': {'matchExpressions': [{'key': 'disktype', 'operator': 'In', 'values': ['fast ssd']}]}}]}}),
     warnings=[f'{A}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values[0]'], note='accepted in preferred terms, rejected in required ones')
case('warn-affinity-null-selector', anti(topologyKey='kubernetes.io/hostname'), warnings=[f'{PA}.labelSelector'])
case('warn-topology-null-selector-deprecated-key', tsc({'maxSkew': 1, 'topologyKey': 'failure-domain.beta.kubernetes.io/zone', 'whenUnsatisfiable': 'ScheduleAnyway'}), warnings=[f'{T}[0].topologyKey', f'{T}[0].labelSelector'])
case('warn-deprecated-annotations', {'spec': {'template': {'metadata': {'annotations': {'scheduler.alpha.kubernetes.io/critical-pod': '', 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default', 'container.apparmor.security.beta.kubernetes.io/main': 'runtime/default'}}}}},
     warnings=['spec.template.metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]', 'spec.template.metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]', 'spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/main]'])
case('warn-deprecated-volume-plugins', pod(volumes=[{'name': 'src', 'gitRepo': {'repository': 'https://example.com/repo.git'}}, {'name': 'ds', 'flocker': {'datasetName': 'data'}}]), warnings=[f'{PS}.volumes[0].gitRepo', f'{PS}.volumes[1].flocker'])
case('warn-host-aliases-duplicate-ip', pod(hostAliases=[{'ip': '10.0.0.1', 'hostnames': ['a.local']}, {'ip': '10.0.0.1', 'hostnames': ['b.local']}]), warnings=[f'{PS}.hostAliases[1].ip'])
case('cron-warn-deprecated-node-label', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'nodeSelector': {'beta.kubernetes.io/os': 'linux'}}}}}}}, warnings=[f'{JPS}.nodeSelector[beta.kubernetes.io/os]'], cron=True)


# ---- seccomp / AppArmor annotations (validated, and matched against the fields) ----
def ann(a, **podkw):
    d = {'spec': {'template': {'metadata': {'annotations': a}}}}
    return merge(d, pod(**podkw)) if podkw else d
case('sa-seccomp-annotation-bad-value', ann({'seccomp.security.alpha.kubernetes.io/pod': 'default'}), ['spec.template.annotations.seccomp.security.alpha.kubernetes.io/pod Invalid'], note='the key is a plain path child here, not [key]')
case('sa-seccomp-container-annotation-absolute', ann({'container.seccomp.security.alpha.kubernetes.io/main': 'localhost//etc/x.json'}), ['spec.template.annotations.container.seccomp.security.alpha.kubernetes.io/main Invalid'])
case('sa-apparmor-unknown-container', ann({'container.apparmor.security.beta.kubernetes.io/sidecar': 'runtime/default'}), ['spec.template.annotations[container.apparmor.security.beta.kubernetes.io/sidecar] Invalid'])
case('sa-apparmor-bad-value', ann({'container.apparmor.security.beta.kubernetes.io/main': 'default'}), ['spec.template.annotations[container.apparmor.security.beta.kubernetes.io/main] Invalid'])
case('sa-seccomp-mismatch', ann({'seccomp.security.alpha.kubernetes.io/pod': 'unconfined'}, securityContext={'seccompProfile': {'type': 'RuntimeDefault'}}), [f'{PS}.securityContext.seccompProfile.type Forbidden'])
case('sa-apparmor-mismatch-localhost', merge(ann({'container.apparmor.security.beta.kubernetes.io/main': 'localhost/b'}), csc(appArmorProfile={'type': 'Localhost', 'localhostProfile': 'a'})), [f'{C}.securityContext.appArmorProfile.localhostProfile Forbidden'])
case('sa-apparmor-mismatch-pod-field', ann({'container.apparmor.security.beta.kubernetes.io/main': 'unconfined'}, securityContext={'appArmorProfile': {'type': 'RuntimeDefault'}}), [f'{C}.securityContext.appArmorProfile.type Forbidden'], note='the pod-level profile applies to the container')
case('valid-security-annotations-agree', merge(ann({'seccomp.security.alpha.kubernetes.io/pod': 'docker/default', 'container.apparmor.security.beta.kubernetes.io/main': 'runtime/default'}, securityContext={'seccompProfile': {'type': 'RuntimeDefault'}, 'appArmorProfile': {'type': 'RuntimeDefault'}}), {}),
     note='annotations that agree with the fields: no error, and no deprecation warning either')

# ---- more probes of the server's exact paths ----
case('topology-match-label-key-in-selector-twice', tsc({'maxSkew': 1, 'topologyKey': 'kubernetes.io/hostname', 'whenUnsatisfiable': 'DoNotSchedule', 'labelSelector': {'matchLabels': {'app': 'etl'}, 'matchExpressions': [{'key': 'app', 'operator': 'Exists'}]}, 'matchLabelKeys': ['app']}),
     [f'{T}[0][0] Invalid'], note='the key is in matchLabels and matchExpressions too; the server appends the key index to the constraint path')
case('affinity-match-label-key-in-selector-twice', anti(labelSelector={'matchLabels': {'app': 'etl'}, 'matchExpressions': [{'key': 'app', 'operator': 'Exists'}]}, topologyKey='kubernetes.io/hostname', matchLabelKeys=['app']), [f'{PA}[0] Invalid'])
case('valid-affinity-match-label-key-in-selector', anti(labelSelector={'matchLabels': {'app': 'etl'}}, topologyKey='kubernetes.io/hostname', matchLabelKeys=['app']))
case('volume-downward-unknown-field', vol(downwardAPI={'items': [{'path': 'x', 'fieldRef': {'fieldPath': 'spec.foo'}}]}), [f'{V}.downwardAPI.fieldRef.fieldPath Invalid'])
case('volume-downward-pod-ip', vol(downwardAPI={'items': [{'path': 'ip', 'fieldRef': {'fieldPath': 'status.podIP'}}]}), [f'{V}.downwardAPI.fieldRef.fieldPath NotSupported'], note='env vars may read status.podIP, volumes may not')
case('volume-downward-mode-and-path', vol(downwardAPI={'items': [{'path': '/abs', 'fieldRef': {'fieldPath': 'metadata.name'}, 'mode': 1000}]}), [f'{V}.downwardAPI.path Invalid', f'{V}.downwardAPI.mode Invalid'])
case('valid-volume-edge-values', pod(volumes=[{'name': 'a', 'hostPath': {'path': '/data', 'type': ''}}, {'name': 'b', 'configMap': {'name': 'c', 'items': [{'key': 'a b', 'path': 'a..b'}]}}, {'name': 'c', 'emptyDir': {'sizeLimit': '0'}}]),
     note="an empty hostPath type, a key with a space and a path with '..' inside a name are all accepted")
case('sc-apparmor-localhost-too-long', csc(appArmorProfile={'type': 'Localhost', 'localhostProfile': 'p' * 4096}), [f'{C}.securityContext.appArmorProfile.localhostProfile TooLong'])
case('sc-selinux-change-policy-bad', sc(seLinuxChangePolicy='recursive'), [f'{PS}.securityContext.seLinuxChangePolicy NotSupported'])
case('valid-selinux-change-policy-mount-option', sc(seLinuxChangePolicy='MountOption'), note='allowed from 1.37 (SELinuxMount on by default)')
case('host-network-port-mismatch', merge(pod(hostNetwork=True), ctr(ports=[{'containerPort': 80, 'hostPort': 8080}, {'containerPort': 9090}])), [f'{C}.ports[0].hostPort Invalid'], note='an unset hostPort is fine in a template')
case('cron-host-network-port-mismatch', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'hostNetwork': True, 'containers': [{'name': 'main', 'image': 'busybox:1.36', 'ports': [{'containerPort': 80, 'hostPort': 81}]}]}}}}}}, [f'{JPS}.containers[0].ports[0].hostPort Invalid'], cron=True)

# ---- warnings without a field path (keyed by the server's prefix) ----
case('warn-volume-overlapping-paths', vol(configMap={'name': 'settings', 'items': [{'key': 'a', 'path': 'conf'}, {'key': 'b', 'path': 'conf/b'}]}), warnings=['volume "v" (ConfigMap "settings")'])
case('warn-projected-overlap-token', vol(projected={'sources': [{'serviceAccountToken': {'path': 'token'}}, {'configMap': {'name': 'c', 'items': [{'key': 'k', 'path': 'token'}]}}]}), warnings=['volume "v" (Projected)'])
case('warn-projected-empty-source', vol(projected={'sources': [{}]}), warnings=['volume "v" (Projected) has no sources provided'])
case('cron-warn-volume-overlapping-paths', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'volumes': [{'name': 'v', 'secret': {'secretName': 's', 'items': [{'key': 'a', 'path': 'x'}, {'key': 'b', 'path': 'x/'}]}}]}}}}}}, warnings=['volume "v" (Secret "s")'], cron=True)


# ---- volumeMounts options ----
VM = f'{C}.volumeMounts'
def mounted(*mounts, privileged=None):
    d = merge(pod(volumes=[{'name': 'data', 'emptyDir': {}}]), ctr(volumeMounts=list(mounts)))
    if privileged is not None:
        d['spec']['template']['spec']['containers'][0]['securityContext'] = {'privileged': privileged}
    return d
case('valid-volume-mount-options', mounted({'name': 'data', 'mountPath': '/data', 'subPath': 'job/out', 'readOnly': True, 'recursiveReadOnly': 'IfPossible'}, {'name': 'data', 'mountPath': '/per-pod', 'subPathExpr': '$(POD_NAME)', 'mountPropagation': 'HostToContainer'}))
case('mount-subpath-absolute', mounted({'name': 'data', 'mountPath': '/data', 'subPath': '/abs'}), [f'{VM}.subPath Invalid'], note='reported at volumeMounts.subPath, without the index')
case('mount-subpath-dotdot', mounted({'name': 'data', 'mountPath': '/data', 'subPath': 'a/../../b'}), [f'{VM}.subPath Invalid'])
case('mount-subpath-and-expr', mounted({'name': 'data', 'mountPath': '/data', 'subPath': 'a', 'subPathExpr': '$(POD_NAME)'}), [f'{VM}[0].subPathExpr Invalid'])
case('mount-propagation-bad', mounted({'name': 'data', 'mountPath': '/data', 'mountPropagation': 'rshared'}), [f'{VM}.mountPropagation NotSupported'])
case('mount-propagation-bidirectional-unprivileged', mounted({'name': 'data', 'mountPath': '/data', 'mountPropagation': 'Bidirectional'}), [f'{VM}.mountPropagation Forbidden'])
case('valid-mount-propagation-bidirectional-privileged', mounted({'name': 'data', 'mountPath': '/data', 'mountPropagation': 'Bidirectional'}, privileged=True))
case('mount-recursive-read-only-not-read-only', mounted({'name': 'data', 'mountPath': '/data', 'recursiveReadOnly': 'Enabled'}), [f'{VM}.recursiveReadOnly Forbidden'])
case('mount-recursive-read-only-bad', mounted({'name': 'data', 'mountPath': '/data', 'readOnly': True, 'recursiveReadOnly': 'enabled'}), [f'{VM}.recursiveReadOnly NotSupported'])
case('cron-mount-subpath-absolute', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'volumes': [{'name': 'data', 'emptyDir': {}}], 'containers': [{'name': 'main', 'image': 'busybox:1.36', 'volumeMounts': [{'name': 'data', 'mountPath': '/d', 'subPath': '/x'}]}]}}}}}},
     [f'{JPS}.containers[0].volumeMounts.subPath Invalid'], cron=True)

# ---- generic ephemeral volumes ----
EV = f'{V}.ephemeral.volumeClaimTemplate.spec'
def eph(spec_):
    return vol(ephemeral={'volumeClaimTemplate': {'spec': spec_}})
case('valid-ephemeral-volume', merge(eph({'accessModes': ['ReadWriteOnce'], 'storageClassName': 'fast-ssd', 'resources': {'requests': {'storage': '10Gi'}}}), ctr(volumeMounts=[{'name': 'v', 'mountPath': '/scratch'}])))
case('ephemeral-no-template', vol(ephemeral={}), [f'{V}.ephemeral.volumeClaimTemplate Required'])
case('ephemeral-no-access-modes-no-storage', eph({'resources': {'requests': {}}}), [f'{EV}.accessModes Required', f'{EV}.resources[storage] Required'])
case('ephemeral-bad-access-mode', eph({'accessModes': ['ReadWriteOnce', 'readwritemany'], 'resources': {'requests': {'storage': '1Gi'}}}), [f'{EV}.accessModes NotSupported'])
case('ephemeral-rwop-mixed', eph({'accessModes': ['ReadWriteOncePod', 'ReadWriteOnce'], 'resources': {'requests': {'storage': '1Gi'}}}), [f'{EV}.accessModes Forbidden'])
case('ephemeral-zero-storage-bad-class', eph({'accessModes': ['ReadWriteOnce'], 'storageClassName': 'Fast_SSD', 'volumeMode': 'block', 'resources': {'requests': {'storage': '0'}}}), [f'{EV}.resources[storage] Invalid', f'{EV}.storageClassName Invalid', f'{EV}.volumeMode NotSupported'])
case('cron-ephemeral-no-access-modes', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'volumes': [{'name': 'v', 'ephemeral': {'volumeClaimTemplate': {'spec': {'resources': {'requests': {'storage': '1Gi'}}}}}}]}}}}}},
     [f'{JPS}.volumes[0].ephemeral.volumeClaimTemplate.spec.accessModes Required'], cron=True)


# ---- dnsConfig / hostAliases ----
D = f'{PS}.dnsConfig'
case('valid-dns-config', pod(dnsPolicy='None', dnsConfig={'nameservers': ['10.96.0.10', '2001:db8::53'], 'searches': ['svc.cluster.local', 'my_team.example.com.'], 'options': [{'name': 'ndots', 'value': '2'}]},
     hostAliases=[{'ip': '127.0.0.1', 'hostnames': ['db.local', 'cache.local']}]))
case('dns-config-none-without-nameservers', pod(dnsPolicy='None', dnsConfig={'searches': ['example.com']}), [f'{D}.nameservers Required'])
case('dns-config-too-many-nameservers', pod(dnsConfig={'nameservers': ['1.1.1.1', '8.8.8.8', '9.9.9.9', '8.8.4.4']}), [f'{D}.nameservers Invalid'])
case('dns-config-bad-values', pod(dnsConfig={'nameservers': ['dns.example.com', '010.0.0.1'], 'searches': ['Example.COM'], 'options': [{'value': '2'}]}),
     [f'{D}.nameservers[0] Invalid', f'{D}.nameservers[1] Invalid', f'{D}.searches[0] Invalid', f'{D}.options[0] Required'], note='leading zeros are an error since StrictIPCIDRValidation (beta, on in 1.36+)')
case('host-aliases-bad', pod(hostAliases=[{'ip': '::ffff:10.0.0.1', 'hostnames': ['Bad_Host']}, {'ip': 'localhost'}]), [f'{PS}.hostAliases[0].ip Invalid', f'{PS}.hostAliases[0].hostnames[0] Invalid', f'{PS}.hostAliases[1].ip Invalid'])
case('warn-ipv6-not-canonical', pod(dnsConfig={'nameservers': ['2001:DB8:0:0::53']}, hostAliases=[{'ip': '2001:db8:0:0:0:0:0:1', 'hostnames': ['a.local']}]),
     warnings=[f'{D}.nameservers[0]', f'{PS}.hostAliases[0].ip'])
case('cron-dns-config-bad-nameserver', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'dnsConfig': {'nameservers': ['not-an-ip']}}}}}}}, [f'{JPS}.dnsConfig.nameservers[0] Invalid'], cron=True)

# ---- more pod fields ----
case('valid-pod-misc-fields', pod(runtimeClassName='gvisor', preemptionPolicy='Never', os={'name': 'linux'}, readinessGates=[{'conditionType': 'example.com/ready'}]))
case('runtime-class-bad', pod(runtimeClassName='gVisor'), [f'{PS}.runtimeClassName Invalid'])
case('preemption-policy-bad', pod(preemptionPolicy='never'), [f'{PS}.preemptionPolicy NotSupported'])
case('os-name-bad', pod(os={'name': 'Linux'}), [f'{PS}.os NotSupported'], note='reported at spec.os, not spec.os.name')
case('os-name-missing', pod(os={}), [f'{PS}.os.name Required'])
case('readiness-gate-bad', pod(readinessGates=[{'conditionType': 'ready now'}]), [f'{PS}.readinessGates[0].conditionType Invalid'])
case('scheduling-gates', pod(schedulingGates=[{'name': 'example.com/quota'}, {'name': 'example.com/quota'}, {'name': 'bad gate'}]), [f'{PS}.schedulingGates[1] Duplicate', f'{PS}.schedulingGates[2] Invalid'])
case('valid-scheduling-gates', pod(schedulingGates=[{'name': 'example.com/quota'}]))

case('cron-sa-apparmor-unknown-container', {'spec': {'jobTemplate': {'spec': {'template': {'metadata': {'annotations': {'container.apparmor.security.beta.kubernetes.io/sidecar': 'runtime/default'}}}}}}},
     ['spec.jobTemplate.spec.template.annotations[container.apparmor.security.beta.kubernetes.io/sidecar] Invalid'], cron=True)
case('cron-os-name-bad', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'os': {'name': 'Linux'}}}}}}}, [f'{JPS}.os NotSupported'], cron=True)
case('cron-warn-port-overlapping', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'containers': [{'name': 'a', 'image': 'busybox:1.36', 'ports': [{'containerPort': 80}]}, {'name': 'b', 'image': 'busybox:1.36', 'ports': [{'containerPort': 80, 'hostPort': 8080}]}]}}}}}},
     warnings=[f'{JPS}.containers[1].ports[0]'], cron=True)


# ---- nfs / csi / image volumes ----
case('valid-volume-nfs-csi-image', pod(volumes=[{'name': 'share', 'nfs': {'server': 'nfs.example.com', 'path': '/exports/data', 'readOnly': True}},
     {'name': 'secrets', 'csi': {'driver': 'secrets-store.csi.k8s.io', 'readOnly': True, 'volumeAttributes': {'secretProviderClass': 'vault'}, 'nodePublishSecretRef': {'name': 'creds'}}},
     {'name': 'model', 'image': {'reference': 'registry.example.com/models/llm:v1', 'pullPolicy': 'IfNotPresent'}}]))
case('volume-nfs-no-path', vol(nfs={'server': 'nfs.example.com'}), [f'{V}.nfs.path Required', f'{V}.nfs.path Invalid'], note='an empty path is also reported as not absolute')
case('volume-nfs-relative-path', vol(nfs={'server': '', 'path': 'exports/data'}), [f'{V}.nfs.server Required', f'{V}.nfs.path Invalid'])
case('volume-csi-no-driver', vol(csi={'driver': ''}), [f'{V}.csi.driver Required'])
case('volume-csi-bad-driver-and-secret', vol(csi={'driver': 'my_driver', 'nodePublishSecretRef': {'name': 'My_Secret'}}), [f'{V}.csi.driver Invalid', f'{V}.csi.name Invalid'], note='the secret name is reported at csi.name')
case('volume-image-no-reference', vol(image={'pullPolicy': 'always'}), [f'{V}.image.reference Required', f'{V}.image.pullPolicy NotSupported'])
case('cron-volume-nfs-relative-path', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'volumes': [{'name': 'v', 'nfs': {'server': 's', 'path': 'data'}}]}}}}}}, [f'{JPS}.volumes[0].nfs.path Invalid'], cron=True)


# ---- spec.os ----
case('valid-windows-pod', merge(pod(os={'name': 'windows'}, securityContext={'windowsOptions': {'runAsUserName': 'ContainerUser'}}), csc(runAsNonRoot=True)))
case('os-linux-with-windows-options', merge(pod(os={'name': 'linux'}, securityContext={'windowsOptions': {'runAsUserName': 'ContainerUser'}}), csc(windowsOptions={'runAsUserName': 'ContainerUser'})),
     [f'{PS}.securityContext.windowsOptions Forbidden', f'{C}.securityContext.windowsOptions Forbidden'])
case('os-windows-with-linux-settings', merge(pod(os={'name': 'windows'}, hostPID=True, securityContext={'runAsUser': 1000, 'fsGroup': 2000, 'seccompProfile': {'type': 'RuntimeDefault'}}),
     csc(privileged=False, capabilities={'drop': ['ALL']}, readOnlyRootFilesystem=True)),
     [f'{PS}.securityContext.runAsUser Forbidden', f'{PS}.securityContext.fsGroup Forbidden', f'{PS}.securityContext.seccompProfile Forbidden', f'{PS}.hostPID Forbidden',
      f'{C}.securityContext.privileged Forbidden', f'{C}.securityContext.capabilities Forbidden', f'{C}.securityContext.readOnlyRootFilesystem Forbidden'])
case('cron-os-windows-run-as-user', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'os': {'name': 'windows'}, 'securityContext': {'runAsUser': 1}}}}}}}, [f'{JPS}.securityContext.runAsUser Forbidden'], cron=True)

case('warn-ephemeral-fractional-storage', eph({'accessModes': ['ReadWriteOnce'], 'resources': {'requests': {'storage': '1500m'}}}), warnings=[f'{EV}.resources.requests[storage]'])


# ---- hostUsers: false ----
case('valid-host-users-false', pod(hostUsers=False), note='user namespaces (GA in 1.36)')
case('host-users-false-with-host-namespaces', pod(hostUsers=False, hostNetwork=True, hostPID=True, hostIPC=True), [f'{PS}.hostNetwork Forbidden', f'{PS}.HostPID Forbidden', f'{PS}.HostIPC Forbidden'], note='the server capitalises HostPID and HostIPC in these paths')
case('valid-proc-mount-unmasked-user-namespace', merge(pod(hostUsers=False), csc(procMount='Unmasked')), note='Unmasked /proc is allowed inside a user namespace')
case('cron-host-users-false-host-pid', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'hostUsers': False, 'hostPID': True}}}}}}, [f'{JPS}.HostPID Forbidden'], cron=True)


# ---- volumeDevices (raw block) ----
VD = f'{C}.volumeDevices'
BLOCK = [{'name': 'raw', 'persistentVolumeClaim': {'claimName': 'block-pvc'}}, {'name': 'scratch', 'emptyDir': {}}]
case('valid-volume-devices', merge(pod(volumes=BLOCK), ctr(volumeDevices=[{'name': 'raw', 'devicePath': '/dev/xvda'}], volumeMounts=[{'name': 'scratch', 'mountPath': '/scratch'}])))
case('volume-device-not-block-capable', merge(pod(volumes=BLOCK), ctr(volumeDevices=[{'name': 'scratch', 'devicePath': '/dev/xvda'}])), [f'{VD}[0].name Invalid'])
case('volume-device-unknown-and-dup-path', merge(pod(volumes=BLOCK), ctr(volumeDevices=[{'name': 'raw', 'devicePath': '/dev/xvda'}, {'name': 'other', 'devicePath': '/dev/xvda'}, {'name': 'raw', 'devicePath': '/dev/../xvdb'}])),
     [f'{VD}[1].name NotFound', f'{VD}[1].devicePath Invalid', f'{VD}[2].name Invalid', f'{VD}[2].devicePath Invalid'])
case('volume-device-also-mounted', merge(pod(volumes=BLOCK), ctr(volumeDevices=[{'name': 'raw', 'devicePath': '/data'}], volumeMounts=[{'name': 'raw', 'mountPath': '/data'}])),
     [f'{VD}[0].name Invalid', f'{VD}[0].devicePath Invalid', f'{C}.volumeMounts[0].name Invalid', f'{C}.volumeMounts[0].mountPath Invalid'], note='reported on both sides')
case('cron-volume-device-no-path', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'volumes': BLOCK, 'containers': [{'name': 'main', 'image': 'busybox:1.36', 'volumeDevices': [{'name': 'raw'}]}]}}}}}}, [f'{JPS}.containers[0].volumeDevices[0].devicePath Required'], cron=True)


# ---- resizePolicy ----
RP = f'{C}.resizePolicy'
case('valid-resize-policy', ctr(resizePolicy=[{'resourceName': 'cpu', 'restartPolicy': 'NotRequired'}, {'resourceName': 'memory', 'restartPolicy': 'NotRequired'}]))
case('resize-policy-restart-with-never', ctr(resizePolicy=[{'resourceName': 'memory', 'restartPolicy': 'RestartContainer'}]), [f'{RP} Invalid'], note='most Jobs use restartPolicy Never')
case('valid-resize-policy-restart-onfailure', merge(pod(restartPolicy='OnFailure'), ctr(resizePolicy=[{'resourceName': 'memory', 'restartPolicy': 'RestartContainer'}])))
case('resize-policy-bad-values', merge(pod(restartPolicy='OnFailure'), ctr(resizePolicy=[{'resourceName': 'cpu', 'restartPolicy': 'NotRequired'}, {'resourceName': 'cpu', 'restartPolicy': 'Sometimes'}, {'resourceName': 'gpu', 'restartPolicy': 'NotRequired'}])),
     [f'{RP}[1] Duplicate', f'{RP} NotSupported', f'{RP} NotSupported'])
case('resize-policy-init-container-restart', merge(pod(restartPolicy='OnFailure'), pod(initContainers=[{'name': 'setup', 'image': 'busybox:1.36', 'resizePolicy': [{'resourceName': 'cpu', 'restartPolicy': 'RestartContainer'}]}])),
     [f'{PS}.initContainers[0].resizePolicy[0].restartPolicy Invalid'])
case('cron-resize-policy-restart-with-never', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'containers': [{'name': 'main', 'image': 'busybox:1.36', 'resizePolicy': [{'resourceName': 'cpu', 'restartPolicy': 'RestartContainer'}]}]}}}}}}, [f'{JPS}.containers[0].resizePolicy Invalid'], cron=True)


# ---- resourceFieldRef.divisor (env and downwardAPI volumes) ----
def env_res(resource, divisor):
    return ctr(env=[{'name': 'X', 'valueFrom': {'resourceFieldRef': {'resource': resource, 'divisor': divisor}}}])
EVR = f'{C}.env[0].valueFrom.resourceFieldRef'
case('valid-divisor-units', merge(ctr(env=[{'name': 'CPU_M', 'valueFrom': {'resourceFieldRef': {'resource': 'limits.cpu', 'divisor': '1m'}}},
     {'name': 'CPU', 'valueFrom': {'resourceFieldRef': {'resource': 'requests.cpu', 'divisor': '1000m'}}},
     {'name': 'MEM', 'valueFrom': {'resourceFieldRef': {'resource': 'limits.memory', 'divisor': '1Mi'}}},
     {'name': 'MEM_K', 'valueFrom': {'resourceFieldRef': {'resource': 'requests.memory', 'divisor': '1000'}}},
     {'name': 'DISK', 'valueFrom': {'resourceFieldRef': {'resource': 'limits.ephemeral-storage', 'divisor': '1024Ki'}}},
     {'name': 'ZERO', 'valueFrom': {'resourceFieldRef': {'resource': 'limits.memory', 'divisor': '0'}}}]),
     vol(downwardAPI={'items': [{'path': 'mem', 'resourceFieldRef': {'containerName': 'main', 'resource': 'limits.memory', 'divisor': '1Gi'}}]})),
     note='the server compares the canonical form: 1000m is 1, 1000 is 1k, 1024Ki is 1Mi; 0 means unset')
case('divisor-cpu-1k', env_res('limits.cpu', '1k'), [f'{EVR}.divisor Invalid'])
case('divisor-memory-not-unit', env_res('limits.memory', '1024'), [f'{EVR}.divisor Invalid'], note='1024 stays 1024 in canonical form; write 1Ki')
case('divisor-memory-2mi', env_res('requests.memory', '2Mi'), [f'{EVR}.divisor Invalid'])
case('valid-divisor-memory-yaml-exponent', env_res('limits.memory', '1e3'), note='plain 1e3 is the YAML number 1000, which the server reads as 1k')
case('divisor-storage-half', env_res('limits.ephemeral-storage', '0.5'), [f'{EVR}.divisor Invalid'])
case('valid-divisor-cpu-decimal-milli', env_res('limits.cpu', '0.001'), note='0.001 is 1m')
case('volume-downward-divisor', vol(downwardAPI={'items': [{'path': 'cpu', 'resourceFieldRef': {'containerName': 'main', 'resource': 'limits.cpu', 'divisor': '1Mi'}}]}), [f'{V}.downwardAPI.resourceFieldRef.divisor Invalid'])
case('cron-divisor-cpu', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'containers': [{'name': 'main', 'image': 'busybox:1.36', 'env': [{'name': 'C', 'valueFrom': {'resourceFieldRef': {'resource': 'limits.cpu', 'divisor': '10m'}}}]}]}}}}}},
     [f'{JPS}.containers[0].env[0].valueFrom.resourceFieldRef.divisor Invalid'], cron=True)


# ---- securityContext.windowsOptions ----
W = f'{PS}.securityContext.windowsOptions'
CW = f'{C}.securityContext.windowsOptions'
def win(pod_w=None, ctr_w=None, **podkw):
    p = pod(os={'name': 'windows'}, **podkw)
    if pod_w is not None:
        merge(p, pod(securityContext={'windowsOptions': pod_w}))
    if ctr_w is not None:
        merge(p, csc(windowsOptions=ctr_w))
    return p
case('valid-windows-options', win({'gmsaCredentialSpecName': 'webapp-gmsa', 'gmsaCredentialSpec': '{"CmsPlugins":["ActiveDirectory"]}', 'runAsUserName': 'NT AUTHORITY\\NETWORK SERVICE'}, {'runAsUserName': 'CONTOSO.example.com\\svc-batch'}))
case('valid-windows-host-process', win({'hostProcess': True, 'runAsUserName': 'NT AUTHORITY\\SYSTEM'}, {'hostProcess': True}, hostNetwork=True))
case('windows-gmsa-bad', win({'gmsaCredentialSpecName': 'WebApp_GMSA', 'gmsaCredentialSpec': ''}), [f'{W}.gmsaCredentialSpecName Invalid', f'{W}.gmsaCredentialSpec Invalid'])
case('windows-gmsa-spec-too-big', win(ctr_w={'gmsaCredentialSpec': 'x' * (64 * 1024 + 1)}), [f'{CW}.gmsaCredentialSpec Invalid'])
case('windows-run-as-user-empty', win({'runAsUserName': ''}), [f'{W}.runAsUserName Invalid'])
case('windows-run-as-user-two-backslashes', win({'runAsUserName': 'a\\b\\c'}), [f'{W}.runAsUserName Invalid'])
case('windows-run-as-user-bad-chars', win(ctr_w={'runAsUserName': 'CONTOSO\\user@corp'}), [f'{CW}.runAsUserName Invalid'])
case('windows-run-as-user-dots-and-bad-domain', win({'runAsUserName': 'bad_domain.example.com\\...'}), [f'{W}.runAsUserName Invalid', f'{W}.runAsUserName Invalid'], note='two messages: the domain is neither NetBIOS (at most 15 characters) nor DNS, the user is only dots')
case('valid-windows-run-as-user-netbios-domain', win({'runAsUserName': '-odd-.dom ain\\batch'}), note='a NetBIOS domain may contain spaces, dashes and dots (not first), up to 15 characters')
case('windows-run-as-user-too-long', win({'runAsUserName': 'u' * 105}), [f'{W}.runAsUserName Invalid'])
case('windows-host-process-mismatch', win({'hostProcess': True}, {'hostProcess': False}, hostNetwork=True), [f'{CW}.hostProcess Invalid'], note='the only container opts out, so there are no hostProcess containers to count')
case('windows-host-process-no-host-network', win(ctr_w={'hostProcess': True}), [f'{PS}.hostNetwork Invalid'])
case('windows-host-process-partial', merge(win(ctr_w={'hostProcess': True}, hostNetwork=True), pod(initContainers=[{'name': 'setup', 'image': 'busybox:1.36'}])), [f'{PS} Invalid'])
case('cron-windows-run-as-user-empty', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'os': {'name': 'windows'}, 'securityContext': {'windowsOptions': {'runAsUserName': ''}}}}}}}}, [f'{JPS}.securityContext.windowsOptions.runAsUserName Invalid'], cron=True)


# ---- projected clusterTrustBundle / podCertificate (GA, on by default in 1.37) ----
PJ = f'{V}.projected'
def proj(*sources):
    return vol(projected={'sources': list(sources)})
case('valid-projected-trust-bundle-and-pod-certificate', proj(
     {'clusterTrustBundle': {'name': 'example.com:ca:roots', 'path': 'ca/roots.pem', 'optional': True}},
     {'clusterTrustBundle': {'signerName': 'example.com/ca', 'labelSelector': {'matchLabels': {'tier': 'prod'}}, 'path': 'ca/prod.pem'}},
     {'podCertificate': {'signerName': 'example.com/client', 'keyType': 'ED25519', 'credentialBundlePath': 'tls/bundle.pem', 'maxExpirationSeconds': 86400}}))
case('projected-trust-bundle-name-and-signer', proj({'clusterTrustBundle': {'name': 'roots', 'signerName': 'example.com/ca', 'path': 'ca.pem'}}), [f'{PJ}.sources[0].clusterTrustBundle Invalid'])
case('projected-trust-bundle-neither', proj({'clusterTrustBundle': {'path': 'ca.pem'}}), [f'{PJ}.sources[0].clusterTrustBundle Required'])
case('projected-trust-bundle-name-with-selector-no-path', proj({'clusterTrustBundle': {'name': 'Roots_CA', 'labelSelector': {'matchLabels': {'a': 'b'}}}}),
     [f'{PJ}.sources[0].clusterTrustBundle.name Invalid', f'{PJ}.sources[0].clusterTrustBundle.labelSelector Invalid', f'{PJ}.sources[0].clusterTrustBundle.path Required'])
case('projected-trust-bundle-bad-signer-and-path', proj({'clusterTrustBundle': {'signerName': 'ca', 'path': '../ca.pem'}}), [f'{PJ}.sources[0].clusterTrustBundle.signerName Invalid', f'{PJ}.sources[0].clusterTrustBundle.path Invalid'])
case('projected-pod-certificate-bad', proj({'podCertificate': {'signerName': 'example.com', 'keyType': 'rsa2048', 'maxExpirationSeconds': 60}}),
     [f'{PJ}.sources[0].podCertificate.signerName Invalid', f'{PJ}.sources[0].podCertificate.keyType NotSupported', f'{PJ}.sources[0].podCertificate.maxExpirationSeconds Invalid', f'{PJ}.sources[0].podCertificate Required'])
case('projected-pod-certificate-kubernetes-signer-expiry', proj({'podCertificate': {'signerName': 'kubernetes.io/kube-apiserver-client-pod', 'keyType': 'ECDSAP256', 'keyPath': 'tls.key', 'certificateChainPath': 'tls.key', 'maxExpirationSeconds': 172800}}),
     [f'{PJ}.sources[0].podCertificate.maxExpirationSeconds Invalid', f'{PJ} Invalid'], note='kubernetes.io signers: at most one day; key and chain written to the same path')
case('projected-pod-certificate-user-annotations', proj({'podCertificate': {'signerName': 'example.com/client', 'keyType': 'ECDSAP384', 'keyPath': 'k', 'userAnnotations': {'Example.com/Team': 'a', 'team': 'b', 'bad key/x': 'c'}}}),
     [f'{PJ}.sources[0].podCertificate.userAnnotations Invalid', f'{PJ}.sources[0].podCertificate.userAnnotations Invalid'], note='keys are compared in lower case and need a domain prefix')
case('projected-pod-certificate-no-signer', proj({'podCertificate': {'keyType': 'RSA3072', 'keyPath': '/abs/tls.key'}}), [f'{PJ}.sources[0].podCertificate.signerName Required', f'{PJ}.sources[0].podCertificate.keyPath Invalid'])
case('cron-projected-trust-bundle-neither', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'volumes': [{'name': 'v', 'projected': {'sources': [{'clusterTrustBundle': {'path': 'a'}}]}}]}}}}}},
     [f'{JPS}.volumes[0].projected.sources[0].clusterTrustBundle Required'], cron=True)


# ---- older in-tree volume plugins ----
LEGACY_VALID = [
    {'name': 'gce', 'gcePersistentDisk': {'pdName': 'data-disk', 'partition': 1}},
    {'name': 'ebs', 'awsElasticBlockStore': {'volumeID': 'vol-0123456789abcdef0'}},
    {'name': 'iscsi', 'iscsi': {'targetPortal': '10.0.0.1:3260', 'iqn': 'iqn.2001-04.com.example:storage.disk1', 'lun': 0, 'initiatorName': 'iqn.1996-04.de.suse:01:abcdef', 'chapAuthSession': True, 'secretRef': {'name': 'chap'}}},
    {'name': 'gluster', 'glusterfs': {'endpoints': 'glusterfs-cluster', 'path': 'vol1'}},
    {'name': 'flocker', 'flocker': {'datasetUUID': 'f4b4a1c2-0000-4000-8000-000000000000'}},
    {'name': 'rbd', 'rbd': {'monitors': ['10.0.0.2:6789'], 'image': 'foo'}},
    {'name': 'cinder', 'cinder': {'volumeID': 'bd82f7e2-wece-4c01-a505-4acf60b07f4a'}},
    {'name': 'cephfs', 'cephfs': {'monitors': ['10.0.0.3:6789']}},
    {'name': 'quobyte', 'quobyte': {'registry': 'registry:7861,[2001:db8::1]:7861', 'volume': 'testVolume'}},
    {'name': 'fc', 'fc': {'targetWWNs': ['500a0982991b8dc5'], 'lun': 2}},
    {'name': 'flex', 'flexVolume': {'driver': 'example.com/lvm', 'options': {'volumeID': 'v1', 'example.com/size': '1G'}}},
    {'name': 'azfile', 'azureFile': {'secretName': 'azure-secret', 'shareName': 'k8stest'}},
    {'name': 'vsphere', 'vsphereVolume': {'volumePath': '[datastore1] volumes/myDisk'}},
    {'name': 'photon', 'photonPersistentDisk': {'pdID': 'some-id'}},
    {'name': 'pwx', 'portworxVolume': {'volumeID': 'pxvol'}},
    {'name': 'azdisk', 'azureDisk': {'diskName': 'test.vhd', 'diskURI': 'https://account.blob.core.windows.net/vhds/test.vhd'}},
    {'name': 'azmanaged', 'azureDisk': {'diskName': 'managed', 'diskURI': '/subscriptions/s/resourcegroups/g/providers/microsoft.compute/disks/d', 'kind': 'Managed'}},
    {'name': 'sos', 'storageos': {'volumeName': 'redis-vol01', 'volumeNamespace': 'default'}},
    {'name': 'sio', 'scaleIO': {'gateway': 'https://gateway.example.com:443/api', 'system': 'scaleio', 'volumeName': 'vol-0', 'secretRef': {'name': 'sio-secret'}}},
]
case('valid-volume-legacy-plugins', pod(volumes=LEGACY_VALID), warnings=[f'{PS}.volumes[{i}].{k}' for i, k in [(3, 'glusterfs'), (4, 'flocker'), (5, 'rbd'), (7, 'cephfs'), (8, 'quobyte'), (13, 'photonPersistentDisk'), (17, 'storageOS'), (18, 'scaleIO')]],
     note='the server warns only about the plugins that no longer work; storageos is reported as storageOS')
case('volume-legacy-required-fields', pod(volumes=[
    {'name': 'a', 'gcePersistentDisk': {'pdName': ''}}, {'name': 'b', 'awsElasticBlockStore': {'volumeID': ''}}, {'name': 'c', 'glusterfs': {'endpoints': '', 'path': ''}},
    {'name': 'd', 'rbd': {'monitors': [], 'image': ''}}, {'name': 'e', 'cinder': {'volumeID': '', 'secretRef': {'name': ''}}}, {'name': 'f', 'cephfs': {'monitors': []}},
    {'name': 'g', 'azureFile': {'secretName': '', 'shareName': ''}}, {'name': 'h', 'vsphereVolume': {'volumePath': ''}}, {'name': 'i', 'photonPersistentDisk': {'pdID': ''}},
    {'name': 'j', 'portworxVolume': {'volumeID': ''}}, {'name': 'k', 'scaleIO': {'gateway': '', 'system': '', 'volumeName': '', 'secretRef': {'name': 's'}}},
    {'name': 'l', 'flexVolume': {'driver': ''}}]),
    [f'{PS}.volumes[0].persistentDisk.pdName Required', f'{PS}.volumes[1].awsElasticBlockStore.volumeID Required', f'{PS}.volumes[2].glusterfs.endpoints Required', f'{PS}.volumes[2].glusterfs.path Required',
     f'{PS}.volumes[3].rbd.monitors Required', f'{PS}.volumes[3].rbd.image Required', f'{PS}.volumes[4].cinder.volumeID Required', f'{PS}.volumes[4].cinder.secretRef.name Required', f'{PS}.volumes[5].cephfs.monitors Required',
     f'{PS}.volumes[6].azureFile.secretName Required', f'{PS}.volumes[6].azureFile.shareName Required', f'{PS}.volumes[7].vsphereVolume.volumePath Required', f'{PS}.volumes[8].photonPersistentDisk.pdID Required',
     f'{PS}.volumes[9].portworxVolume.volumeID Required', f'{PS}.volumes[10].scaleIO.gateway Required', f'{PS}.volumes[10].scaleIO.system Required', f'{PS}.volumes[10].scaleIO.volumeName Required',
     f'{PS}.volumes[11].flexVolume.driver Required'], note='gcePersistentDisk is reported as persistentDisk')
case('volume-iscsi-bad', pod(volumes=[{'name': 'a', 'iscsi': {'targetPortal': '', 'iqn': 'iqn.bad', 'lun': 256, 'chapAuthDiscovery': True}},
    {'name': 'b', 'iscsi': {'targetPortal': '10.0.0.1:3260', 'iqn': 'eui.02004567A425678D', 'initiatorName': 'foo'}},
    {'name': 'a-volume-name-that-is-long-enough-to-push-past-the-limit', 'iscsi': {'targetPortal': '10.0.0.1:3260', 'iqn': 'naa.123', 'initiatorName': 'iqn.2001-04.com.example:node1'}}]),
    [f'{PS}.volumes[0].iscsi.targetPortal Required', f'{PS}.volumes[0].iscsi.iqn Invalid', f'{PS}.volumes[0].iscsi.lun Invalid', f'{PS}.volumes[0].iscsi.secretRef Required',
     f'{PS}.volumes[1].iscsi.initiatorname Invalid', f'{PS}.volumes[2].iscsi.iqn Invalid', f'{PS}.volumes[2].name Invalid'],
    note='initiatorName is reported in lower case; with an initiatorName, name:targetPortal must fit in 64 characters')
case('volume-fc-flocker-quobyte-bad', pod(volumes=[{'name': 'a', 'fc': {}}, {'name': 'b', 'fc': {'targetWWNs': ['w'], 'wwids': ['x']}}, {'name': 'c', 'fc': {'targetWWNs': ['w'], 'lun': 300}},
    {'name': 'd', 'flocker': {}}, {'name': 'e', 'flocker': {'datasetName': 'a/b', 'datasetUUID': 'u'}},
    {'name': 'f', 'quobyte': {'registry': 'host,other:1', 'volume': ''}}, {'name': 'g', 'quobyte': {'registry': 'h:1', 'tenant': 't' * 65, 'volume': 'v'}}]),
    [f'{PS}.volumes[0].fc.targetWWNs Required', f'{PS}.volumes[1].fc.targetWWNs Invalid', f'{PS}.volumes[1].fc.lun Required', f'{PS}.volumes[2].fc.lun Invalid',
     f'{PS}.volumes[3].flocker Required', f'{PS}.volumes[4].flocker Invalid', f'{PS}.volumes[4].flocker.datasetName Invalid',
     f'{PS}.volumes[5].quobyte.registry Invalid', f'{PS}.volumes[5].quobyte.volume Required', f'{PS}.volumes[6].quobyte.tenant Required'])
case('volume-azure-disk-flex-storageos-bad', pod(volumes=[{'name': 'a', 'azureDisk': {'diskName': 'd', 'diskURI': '/subscriptions/x/disks/d'}},
    {'name': 'b', 'azureDisk': {'diskName': '', 'diskURI': 'https://a.blob.core.windows.net/c/d.vhd', 'kind': 'Managed', 'cachingMode': 'readwrite'}},
    {'name': 'c', 'azureDisk': {'diskName': 'd', 'diskURI': 'https://x', 'kind': 'Premium'}},
    {'name': 'd', 'flexVolume': {'driver': 'x/y', 'options': {'kubernetes.io/foo': '1', 'sub.k8s.io': '2', 'example.com/ok': '3'}}},
    {'name': 'e', 'storageos': {'volumeName': 'Bad_Name', 'volumeNamespace': 'ns.with.dots', 'secretRef': {'name': ''}}}]),
    [f'{PS}.volumes[0].azureDisk.diskURI NotSupported', f'{PS}.volumes[1].azureDisk.diskName Required', f'{PS}.volumes[1].azureDisk.cachingMode NotSupported', f'{PS}.volumes[1].azureDisk.diskURI NotSupported',
     f'{PS}.volumes[2].azureDisk.kind NotSupported',
     f'{PS}.volumes[3].flexVolume.options[kubernetes.io/foo] Invalid', f'{PS}.volumes[3].flexVolume.options[sub.k8s.io] Invalid',
     f'{PS}.volumes[4].storageos.volumeName Invalid', f'{PS}.volumes[4].storageos.volumeNamespace Invalid', f'{PS}.volumes[4].storageos.secretRef.name Required'],
    note='azureDisk kind defaults to Shared, which needs an https:// blob URI')
case('volume-legacy-mount-not-found', merge(pod(volumes=[{'name': 'data', 'rbd': {'monitors': ['m:6789']}}]), ctr(volumeMounts=[{'name': 'data', 'mountPath': '/data'}])),
     [f'{PS}.volumes[0].rbd.image Required', f'{C}.volumeMounts[0].name NotFound'], note='a volume with errors does not exist for mounts')
case('cron-volume-legacy-ebs-no-id', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'volumes': [{'name': 'v', 'awsElasticBlockStore': {'volumeID': '', 'partition': 300}}]}}}}}},
     [f'{JPS}.volumes[0].awsElasticBlockStore.volumeID Required', f'{JPS}.volumes[0].awsElasticBlockStore.partition Invalid'], cron=True)


# ---- ephemeral claim template metadata (only labels and annotations) ----
EM = f'{V}.ephemeral.volumeClaimTemplate.metadata'
def eph_meta(meta):
    return vol(ephemeral={'volumeClaimTemplate': {'metadata': meta, 'spec': {'accessModes': ['ReadWriteOnce'], 'resources': {'requests': {'storage': '1Gi'}}}}})
case('valid-ephemeral-template-metadata', eph_meta({'labels': {'app': 'batch'}, 'annotations': {'example.com/owner': 'team-a'}, 'creationTimestamp': None}), note='creationTimestamp: null (as kubectl prints it) is unset')
case('ephemeral-template-metadata-forbidden', eph_meta({'name': 'scratch', 'namespace': 'default', 'finalizers': ['example.com/keep'], 'generation': 2}),
     [f'{EM}.name Forbidden', f'{EM}.namespace Forbidden', f'{EM}.generation Forbidden', f'{EM}.finalizers Forbidden'])
case('ephemeral-template-metadata-uid-bad-label', eph_meta({'uid': 'abc', 'labels': {'bad key!': 'v'}, 'annotations': {'Example.COM/Owner': 'ok', 'bad key': 'x'}}), [f'{EM}.annotations Invalid', f'{EM}.labels Invalid', f'{EM}.uID Forbidden'], note='the server reports uid as uID; annotation keys are checked in lower case')
case('ephemeral-template-metadata-empty-finalizers', eph_meta({'finalizers': [], 'deletionGracePeriodSeconds': 0}), [f'{EM}.deletionGracePeriodSeconds Forbidden', f'{EM}.finalizers Forbidden'], note='an empty list and a zero pointer count as set')
case('cron-ephemeral-template-metadata-name', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'volumes': [{'name': 'v', 'ephemeral': {'volumeClaimTemplate': {'metadata': {'name': 'x'}, 'spec': {'accessModes': ['ReadWriteOnce'], 'resources': {'requests': {'storage': '1Gi'}}}}}}]}}}}}},
     [f'{JPS}.volumes[0].ephemeral.volumeClaimTemplate.metadata.name Forbidden'], cron=True)


# ---- container restartPolicyRules (ContainerRestartRules, beta and on since 1.35) ----
RR = f'{C}.restartPolicyRules'
case('valid-container-restart-rules', merge(ctr(restartPolicy='Never', restartPolicyRules=[{'action': 'Restart', 'exitCodes': {'operator': 'In', 'values': [42, 137]}}]),
     pod(initContainers=[{'name': 'proxy', 'image': 'busybox:1.36', 'restartPolicy': 'Always', 'restartPolicyRules': [{'action': 'RestartAllContainers', 'exitCodes': {'operator': 'NotIn', 'values': [0]}}]}])),
     note='sidecars may carry rules and RestartAllContainers is allowed since 1.36')
case('container-restart-rules-no-policy', ctr(restartPolicyRules=[{'action': 'Restart', 'exitCodes': {'operator': 'In', 'values': [1]}}]), [f'{C}.restartPolicy Required'])
case('container-restart-rules-bad', ctr(restartPolicy='Never', restartPolicyRules=[{'action': 'restart', 'exitCodes': {'operator': 'Exists'}}, {'action': 'Restart'},
     {'action': 'Restart', 'exitCodes': {'operator': 'In', 'values': list(range(256))}}]),
     [f'{RR}[0].action NotSupported', f'{RR}[0].exitCodes.operator NotSupported', f'{RR}[1].exitCodes Required', f'{RR}[2].exitCodes.values TooMany'])
case('container-restart-rules-too-many', ctr(restartPolicy='Never', restartPolicyRules=[{'action': 'Restart', 'exitCodes': {'operator': 'In', 'values': [i]}} for i in range(1, 22)]), [f'{RR} TooMany'])
case('cron-container-restart-rules-no-policy', {'spec': {'jobTemplate': {'spec': {'template': {'spec': {'containers': [{'name': 'main', 'image': 'busybox:1.36', 'restartPolicyRules': [{'action': 'Restart', 'exitCodes': {'operator': 'In', 'values': [3]}}]}]}}}}}},
     [f'{JPS}.containers[0].restartPolicy Required'], cron=True)


def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if x is not DELETE}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v

def render(c):
    if c['raw'] is not None:
        body = c['raw']
    else:
        doc = base_cron(c['name']) if c['cron'] else base_job(c['name'])
        merge(doc, c['patch'])
        doc = strip(doc)
        body = yaml.safe_dump(doc, sort_keys=False, default_flow_style=False, width=200)
    head = ['# kjob corpus case', f"# source: {c['source']}"]
    if c['note']:
        head.append(f"# note: {c['note']}")
    head.append(f"# expect: {c['expect']}")
    head += [f'# error: {e}' for e in c['errors']]
    head += [f'# warning: {w}' for w in c['warnings']]
    return '\n'.join(head) + '\n' + body

if __name__ == '__main__':
    names = set()
    for c in CASES:
        assert c['name'] not in names, c['name']
        names.add(c['name'])
        with open(os.path.join(HERE, c['name'] + '.yaml'), 'w') as f:
            f.write(render(c))
    for f in os.listdir(HERE):
        path = os.path.join(HERE, f)
        if f.endswith('.yaml') and f[:-5] not in names:
            with open(path) as fh:
                mine = fh.readline().rstrip('\n') == '# kjob corpus case'
            if mine:
                os.remove(path)  # a case of this script that was renamed or removed (other headers: hand-written cases)
    print(f'{len(CASES)} cases')
