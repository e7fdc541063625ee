import type { Ctx } from '../ctx';
// Owned by the explorer work: the Jobs view.
export async function registerExplorer(_ctx: Ctx): Promise<void> {}
