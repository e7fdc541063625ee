// Placeholder: implemented by the feature that owns `kjob explain`.
export async function main(_args: string[]): Promise<number> {
  process.stderr.write('kjob explain: not implemented yet\n');
  return 2;
}
