/** The completed-indexes string format ("1,3-5,7") as the API server parses it. */
export function parseIndexes(s: string, completions: number): { total: number } | { error: string } {
  if (s.length === 0) return { total: 0 };
  let last: number | undefined;
  let total = 0;
  for (const part of s.split(',')) {
    const limits = part.split('-');
    if (limits.length > 2) return { error: `the fragment ${JSON.stringify(part)} has more than one '-'` };
    const nums: number[] = [];
    for (const l of limits) {
      if (!/^[+-]?\d+$/.test(l)) return { error: `cannot convert string to integer for index: ${JSON.stringify(l)}` };
      const n = Number(l);
      if (n >= completions) return { error: `too large index: ${JSON.stringify(l)}` };
      nums.push(n);
    }
    const x = nums[0]!;
    const y = nums.length > 1 ? nums[1]! : x;
    if (nums.length > 1 && x >= y) return { error: `non-increasing order, previous: ${x}, current: ${y}` };
    if (last !== undefined && last >= x) return { error: `non-increasing order, previous: ${last}, current: ${x}` };
    total += y - x + 1;
    last = y;
  }
  return { total };
}
