/** Shared iteration over containers and init containers with their Job-relative paths. */
import { asArr, asObj, type Obj } from '../../../workloads/job';

export interface ContainerRef {
  c: Obj;
  path: (string | number)[];
  init: boolean;
}

export function eachContainer(podSpec: Obj): ContainerRef[] {
  const out: ContainerRef[] = [];
  for (const [list, init] of [['containers', false], ['initContainers', true]] as const) {
    asArr(podSpec[list]).forEach((c, i) => {
      const o = asObj(c);
      if (o) out.push({ c: o, path: ['spec', 'template', 'spec', list, i], init });
    });
  }
  return out;
}
