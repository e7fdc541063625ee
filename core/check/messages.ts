/** How a problem reads to a person: the API server's `<path>: <message>` form. */
import type { Problem } from './problem';

export function displayMessage(p: Problem): string {
  if (!p.path || p.message.includes(p.path)) return p.message;
  return `${p.path}: ${p.message}`;
}
