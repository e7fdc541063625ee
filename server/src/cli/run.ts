// Placeholder: implemented by the feature that owns `kjob run`.
export async function main(_args: string[]): Promise<number> {
  process.stderr.write('kjob run: not implemented yet\n');
  return 2;
}
