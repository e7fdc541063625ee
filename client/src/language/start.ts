/**
 * Activation side of the language client. vscode-languageclient and the client setup
 * (client/src/language/client.ts) are built into client/out/language.js (entry
 * client/src/bundles/language.ts), the largest part of the client's code: activate() schedules loading it for the turn of the event loop right after
 * activation instead of loading it itself, and the client then starts the server as before
 * (diagnostics, completion and hover are unchanged; they arrive once the server has started, which
 * takes longer than this load anyway).
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { language, languageLoaded } from '../bundles/languageLoader';

let scheduled: { timer: NodeJS.Immediate; done: () => void } | undefined;

export function registerLanguageClient(ctx: Ctx): void {
  ctx.languageClientStarted = new Promise<void>((done) => {
    const timer = setImmediate(() => {
      scheduled = undefined;
      try {
        language().startLanguageClient(ctx);
      } catch (e) {
        ctx.log.error(`kjob: could not start the language server: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
        void vscode.window.showErrorMessage('kjob: could not start the language server. See the "kjob" output for details.');
      }
      done();
    });
    scheduled = { timer, done };
  });
}

export async function stopLanguageClient(): Promise<void> {
  if (scheduled) {
    // Deactivated before the client was loaded: nothing to stop.
    clearImmediate(scheduled.timer);
    scheduled.done();
    scheduled = undefined;
  }
  if (languageLoaded()) await language().stopLanguageClient();
}
