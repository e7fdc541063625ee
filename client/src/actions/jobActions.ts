/**
 * Job actions from the tree: live YAML (read-only), Describe (Job and pod events), Delete
 * (confirm; background propagation), Suspend / Resume, Re-run as a copy, Explain.
 */
import * as vscode from 'vscode';
import type { KubeConfig } from '@kubernetes/client-node';
import type { Ctx } from '../ctx';
import { cluster } from '../bundles/clusterLoader';
import { local } from '../bundles/localLoader';
import type { TreeNode } from '../explorer/treeModel';
import type { JobObject, PodObject } from '../jobs/types';

export const YAML_SCHEME = 'kjob-yaml';
export const DESCRIBE_SCHEME = 'kjob-describe';

/** Read-only virtual documents: text by URI. */
class VirtualDocs implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
  async show(uri: vscode.Uri, text: string, language: string): Promise<void> {
    this.texts.set(uri.toString(), text);
    this.emitter.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, language);
    await vscode.window.showTextDocument(doc, { preview: false });
  }
}

function stripServerNoise(o: JobObject): JobObject {
  const c = structuredClone(o) as JobObject & { metadata: Record<string, unknown> };
  if (c.metadata) delete (c.metadata as Record<string, unknown>).managedFields;
  return c;
}

type JobNode = Extract<TreeNode, { kind: 'job' }>;

function isJobNode(n: TreeNode | undefined): n is JobNode {
  return !!n && n.kind === 'job';
}

export function registerJobActions(ctx: Ctx): void {
  const host = ctx.host;
  const yamlDocs = new VirtualDocs();
  const describeDocs = new VirtualDocs();
  ctx.push(vscode.workspace.registerTextDocumentContentProvider(YAML_SCHEME, yamlDocs), vscode.workspace.registerTextDocumentContentProvider(DESCRIBE_SCHEME, describeDocs));

  const report = (what: string, e: unknown, where: string) => {
    const c = cluster().classifyError(e, where);
    ctx.log.error(`${what}: ${c.message}`);
    void vscode.window.showErrorMessage(`kjob: ${what} failed: ${c.message}`);
  };

  const withCluster = async (node: TreeNode | undefined, what: string, fn: (a: { node: JobNode; context: string; namespace: string; kc: KubeConfig }) => Promise<void>) => {
    if (!isJobNode(node)) {
      void vscode.window.showInformationMessage(`kjob: choose a Job in the Jobs view to ${what}.`);
      return;
    }
    if (node.src.kind !== 'cluster') {
      void vscode.window.showInformationMessage(`kjob: "${what}" works on cluster Jobs; this one is local.`);
      return;
    }
    const s = await host.ensureSession();
    if (!s) return;
    const { context, namespace } = node.src;
    try {
      await fn({ node, context, namespace, kc: s.kubeConfig(context) });
    } catch (e) {
      report(`${what} ${node.name}`, e, `context ${context}`);
    }
  };

  ctx.push(
    vscode.commands.registerCommand('kjob.openYaml', async (node?: TreeNode) => {
      if (isJobNode(node) && node.src.kind === 'local') {
        const r = cluster().resolveJob({ namespace: () => undefined, local: () => ctx.localJobs.entries() }, node.src, node.name);
        if (r) await yamlDocs.show(vscode.Uri.from({ scheme: YAML_SCHEME, path: `/local/${node.name}.yaml` }), local().stringify(r.job), 'yaml');
        return;
      }
      await withCluster(node, 'open YAML', async ({ node, context, namespace, kc }) => {
        const job = await cluster().getJob(kc, namespace, node.name);
        const uri = vscode.Uri.from({ scheme: YAML_SCHEME, path: `/${context}/${namespace}/${node.name}.yaml` });
        await yamlDocs.show(uri, `# Live Job from ${context}/${namespace} (read-only; refresh by opening again)\n${local().stringify(stripServerNoise(job))}`, 'yaml');
      });
    }),
    vscode.commands.registerCommand('kjob.describe', async (node?: TreeNode) => {
      await withCluster(node, 'describe', async ({ node, context, namespace, kc }) => {
        const { getJob, jobAndPodEvents, describeJob } = cluster();
        const job = await getJob(kc, namespace, node.name);
        const pods = host.session?.watchOf(context, namespace)?.podsOfJob(job.metadata?.uid ?? '') ?? [];
        const events = await jobAndPodEvents(kc, namespace, job.metadata?.uid ?? '', new Set(pods.map((p: PodObject) => p.metadata?.uid)));
        const uri = vscode.Uri.from({ scheme: DESCRIBE_SCHEME, path: `/${context}/${namespace}/${node.name}.describe` });
        await describeDocs.show(uri, describeJob(job, pods, events), 'plaintext');
      });
    }),
    vscode.commands.registerCommand('kjob.deleteJob', async (node?: TreeNode) => {
      await withCluster(node, 'delete', async ({ node, context, namespace, kc }) => {
        const ok = await vscode.window.showWarningMessage(
          `Delete Job "${node.name}" in ${namespace} (context ${context})?`,
          { modal: true, detail: 'Its pods are deleted in the background (propagationPolicy: Background). This cannot be undone.' },
          'Delete',
        );
        if (ok !== 'Delete') return;
        await cluster().deleteJob(kc, namespace, node.name);
        ctx.log.info(`deleted Job ${namespace}/${node.name} (context ${context})`);
      });
    }),
    vscode.commands.registerCommand('kjob.suspendJob', async (node?: TreeNode) => {
      await withCluster(node, 'suspend', async ({ node, context, namespace, kc }) => {
        const ok = await vscode.window.showWarningMessage(`Suspend Job "${node.name}" in ${namespace} (context ${context})?`, { modal: true, detail: 'Running pods are terminated; the Job starts them again when resumed.' }, 'Suspend');
        if (ok !== 'Suspend') return;
        await cluster().setSuspended(kc, namespace, node.name, true);
        ctx.log.info(`suspended Job ${namespace}/${node.name}`);
      });
    }),
    vscode.commands.registerCommand('kjob.resumeJob', async (node?: TreeNode) => {
      await withCluster(node, 'resume', async ({ node, namespace, kc }) => {
        await cluster().setSuspended(kc, namespace, node.name, false);
        ctx.log.info(`resumed Job ${namespace}/${node.name}`);
      });
    }),
    vscode.commands.registerCommand('kjob.rerunJob', async (node?: TreeNode) => {
      await withCluster(node, 're-run', async ({ node, context, namespace, kc }) => {
        const name = await vscode.window.showInputBox({
          title: `Re-run ${node.name} as a new Job in ${namespace} (context ${context})`,
          value: cluster().rerunName(node.name, Date.now().toString(36).slice(-5)),
          validateInput: (v) => (/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 63 ? undefined : 'a DNS-1123 label of at most 63 characters'),
        });
        if (!name) return;
        const created = await cluster().rerunJob(kc, namespace, node.name, name);
        ctx.log.info(`created Job ${namespace}/${created.metadata?.name} as a re-run of ${node.name}`);
        void vscode.window.showInformationMessage(`kjob: created Job ${created.metadata?.name}.`);
      });
    }),
    vscode.commands.registerCommand('kjob.explainJob', async (node?: TreeNode) => {
      if (!isJobNode(node)) {
        void vscode.window.showInformationMessage('kjob: choose a Job in the Jobs view to explain.');
        return;
      }
      const session = node.src.kind === 'cluster' ? await host.ensureSession() : undefined;
      if (node.src.kind === 'cluster' && !session) return;
      const r = cluster().resolveJob({ namespace: (c, n) => session?.namespace(c, n), local: () => ctx.localJobs.entries() }, node.src, node.name);
      if (!r) return;
      try {
        const text = cluster().explainText(r.job, r.pods, Date.now());
        const uri = vscode.Uri.from({ scheme: DESCRIBE_SCHEME, path: `/${node.name}.explain` });
        await describeDocs.show(uri, text, 'plaintext');
      } catch (e) {
        report(`explain ${node.name}`, e, 'the simulator');
      }
    }),
  );
}
