// Placeholder: implemented by the feature that owns `kjob check`.
export async function main(_args: string[]): Promise<number> {
  process.stderr.write('kjob check: not implemented yet\n');
  return 2;
}
