/**
 * Turns a chunked byte stream into whole lines: a chunk may end mid-line or mid-UTF-8 sequence.
 * Lines longer than maxLineLength are cut into pieces so one endless line cannot grow memory.
 */
import { StringDecoder } from 'node:string_decoder';

export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  constructor(private readonly maxLineLength = 64 * 1024) {}

  /** Returns the lines completed by this chunk (without their line endings). */
  push(chunk: Buffer | Uint8Array | string): string[] {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(Buffer.from(chunk)));
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    const out: string[] = [];
    for (const p of parts) out.push(p.endsWith('\r') ? p.slice(0, -1) : p);
    while (this.partial.length > this.maxLineLength) {
      out.push(this.partial.slice(0, this.maxLineLength));
      this.partial = this.partial.slice(this.maxLineLength);
    }
    return out;
  }

  /** Ends the stream: returns the unterminated last line, if any. */
  flush(): string[] {
    const rest = this.partial + this.decoder.end();
    this.partial = '';
    return rest.length ? [rest.endsWith('\r') ? rest.slice(0, -1) : rest] : [];
  }
}
