import type { Ctx } from '../ctx';
// Owned by the foundation work: starts the language client.
export async function registerLanguageClient(_ctx: Ctx): Promise<void> {}
export async function stopLanguageClient(): Promise<void> {}
