/**
 * Apply the Job(s) in the active editor: a server-side dry run first (server-side apply,
 * fieldValidation=Strict); API errors become diagnostics on the YAML; then, after a confirmation,
 * the real apply (create or update).
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { cluster } from '../bundles/clusterLoader';
import { local } from '../bundles/localLoader';

export function registerApply(ctx: Ctx): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('kjob-apply');
  ctx.push(diagnostics, vscode.workspace.onDidChangeTextDocument((e) => diagnostics.delete(e.document.uri)));

  ctx.push(
    vscode.commands.registerCommand('kjob.applyJob', async () => {
      const editor = vscode.window.activeTextEditor;
      const s = editor ? await ctx.host.ensureSession() : undefined;
      if (!editor) {
        void vscode.window.showInformationMessage('kjob: open a Job YAML file to apply it.');
        return;
      }
      if (!s || !s.currentContext) {
        void vscode.window.showErrorMessage('kjob: no Kubernetes context. Set kjob.kubeconfig or KUBECONFIG.');
        return;
      }
      const document = editor.document;
      const file = local().parseFile(document.getText());
      const jobs = file.docs.filter((d) => d.target === 'Job');
      if (!jobs.length) {
        void vscode.window.showInformationMessage('kjob: this file has no batch/v1 Job to apply.');
        return;
      }
      const { applyJob, classifyError, docToObject, KubeApiError, problemsOnDoc } = cluster();
      const context = s.currentContext;
      const kc = s.kubeConfig(context);
      diagnostics.delete(document.uri);
      const all: vscode.Diagnostic[] = [];
      const ready: { obj: Record<string, unknown>; ns: string; name?: string }[] = [];
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `kjob: server-side dry run in ${context}` }, async () => {
        for (const pdoc of jobs) {
          if (pdoc.syntaxProblems.some((p) => p.severity === 'error')) {
            all.push(new vscode.Diagnostic(new vscode.Range(document.positionAt(pdoc.start), document.positionAt(pdoc.start + 1)), 'kjob apply: fix the YAML syntax errors first', vscode.DiagnosticSeverity.Error));
            continue;
          }
          const obj = docToObject(pdoc);
          const md = (obj.metadata ?? {}) as Record<string, unknown>;
          const ns = typeof md.namespace === 'string' && md.namespace ? md.namespace : s.namespaceOf(context);
          obj.metadata = { ...md, namespace: ns };
          const name = typeof md.name === 'string' && md.name ? md.name : undefined;
          try {
            await applyJob(kc, obj, ns, name, true);
            ready.push({ obj, ns, ...(name ? { name } : {}) });
          } catch (e) {
            if (e instanceof KubeApiError && (e.statusCode === 422 || e.statusCode === 400 || e.statusCode === 409 || e.statusCode === 403)) {
              for (const p of problemsOnDoc(pdoc, e.body, e.message)) {
                const d = new vscode.Diagnostic(new vscode.Range(document.positionAt(p.start), document.positionAt(p.end)), p.message, vscode.DiagnosticSeverity.Error);
                d.source = `kjob apply (${context})`;
                all.push(d);
              }
            } else {
              const c = classifyError(e, `context ${context}`);
              void vscode.window.showErrorMessage(`kjob: dry run failed: ${c.message}`);
              return;
            }
          }
        }
      });
      diagnostics.set(document.uri, all);
      if (all.length) {
        void vscode.window.showErrorMessage(`kjob: the API server rejected the dry run (${all.length} problem${all.length === 1 ? '' : 's'}); see the Problems view.`);
        return;
      }
      if (!ready.length) return;
      const names = ready.map((r) => `${r.ns}/${r.name ?? '(generated name)'}`).join(', ');
      const ok = await vscode.window.showWarningMessage(`Apply ${ready.length} Job${ready.length === 1 ? '' : 's'} to context ${context}?`, { modal: true, detail: `${names}\n\nThe server-side dry run passed.` }, 'Apply');
      if (ok !== 'Apply') return;
      for (const r of ready) {
        try {
          const out = await applyJob(kc, r.obj, r.ns, r.name, false);
          ctx.log.info(`applied Job ${r.ns}/${out?.metadata?.name ?? r.name} to ${context}`);
        } catch (e) {
          const c = classifyError(e, `context ${context}`);
          void vscode.window.showErrorMessage(`kjob: apply failed: ${c.message}`);
          return;
        }
      }
      void vscode.window.showInformationMessage(`kjob: applied ${names}.`);
    }),
  );
}
