// Placeholder: implemented by the feature that owns `kjob simulate`.
export async function main(_args: string[]): Promise<number> {
  process.stderr.write('kjob simulate: not implemented yet\n');
  return 2;
}
