import type { Ctx } from '../ctx';
// Owned by the simulator work: Simulate / Run locally CodeLens and commands.
export async function registerSimulate(_ctx: Ctx): Promise<void> {}
