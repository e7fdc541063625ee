/** The rule registry. Each rule lives in its own file in this folder. */
import type { Rule } from './types';

export const rules: Rule[] = [];
