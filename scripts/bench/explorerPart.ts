/** Explorer benchmark on a real control plane (written below; opt-in with --explorer). */
import type { PartContext } from './main';
import type { Section } from './report';

export async function run(_ctx: PartContext): Promise<Section> {
  throw new Error('explorer benchmark not written yet');
}
