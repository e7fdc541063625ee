import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { registerLanguageClient, stopLanguageClient } from './language/start';
import { registerExplorer } from './views/explorer';
import { registerSimulate } from './simulate/simulate';

export async function activate(context: vscode.ExtensionContext): Promise<Ctx> {
  const ctx = new Ctx(context);
  for (const [name, register] of [
    ['language server', registerLanguageClient],
    ['Jobs explorer', async (c: Ctx) => void (c.explorer = await registerExplorer(c))],
    ['simulator', registerSimulate],
  ] as const) {
    try {
      await register(ctx);
    } catch (e) {
      ctx.log.error(`kjob: could not start the ${name}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      void vscode.window.showErrorMessage(`kjob: could not start the ${name}. See the "kjob" output for details.`);
    }
  }
  return ctx;
}

export async function deactivate(): Promise<void> {
  await stopLanguageClient();
}
