/**
 * Where followed logs go: a read-only editor document (virtual, scheme kjob-log) or a terminal.
 * Both keep the newest kjob.logs.maxLines lines for "Save Log…", so memory stays bounded.
 */
import * as vscode from 'vscode';
import { cluster } from '../bundles/clusterLoader';
import type { LineRing } from './lineRing';
import type { LogSink } from './stream';

export const LOG_SCHEME = 'kjob-log';

export interface LogView extends LogSink {
  readonly title: string;
  readonly ring: LineRing;
  /** Called when the user closes the view. */
  onClosed(cb: () => void): void;
  reveal(): void;
  dispose(): void;
}

/** Serves every open log document's text; updates are throttled. */
export class LogDocuments implements vscode.TextDocumentContentProvider {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly views = new Map<string, EditorLogView>();
  private seq = 0;

  constructor(ctxPush: (d: vscode.Disposable) => void) {
    ctxPush(vscode.workspace.registerTextDocumentContentProvider(LOG_SCHEME, this));
    ctxPush(
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme !== LOG_SCHEME) return;
        const v = this.views.get(d.uri.toString());
        if (v) {
          this.views.delete(d.uri.toString());
          v.closed();
        }
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.views.get(uri.toString())?.render() ?? '(log no longer available)\n';
  }

  create(title: string, maxLines: number): EditorLogView {
    const uri = vscode.Uri.from({ scheme: LOG_SCHEME, path: `/${title.replace(/[\\/:*?"<>|]/g, '_')}.log`, query: String(++this.seq) });
    const v = new EditorLogView(title, uri, maxLines, () => this.emitter.fire(uri));
    this.views.set(uri.toString(), v);
    return v;
  }

  viewFor(uri: vscode.Uri): EditorLogView | undefined {
    return this.views.get(uri.toString());
  }
}

export class EditorLogView implements LogView {
  readonly ring: LineRing;
  private timer: NodeJS.Timeout | undefined;
  private closedCbs: (() => void)[] = [];
  private status = 'following…';

  constructor(
    readonly title: string,
    readonly uri: vscode.Uri,
    maxLines: number,
    private readonly changed: () => void,
  ) {
    this.ring = new (cluster().LineRing)(maxLines);
  }

  render(): string {
    return `# ${this.title} — ${this.status}\n${this.ring.text()}`;
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed();
    }, 250);
  }

  lines(lines: string[]): void {
    this.ring.push(lines);
    this.schedule();
  }

  marker(text: string): void {
    this.ring.push([text]);
    this.schedule();
  }

  end(reason: string): void {
    this.status = `ended: ${reason}`;
    this.schedule();
  }

  onClosed(cb: () => void): void {
    this.closedCbs.push(cb);
  }

  closed(): void {
    for (const cb of this.closedCbs) cb();
  }

  async reveal(): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(this.uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    try {
      await vscode.languages.setTextDocumentLanguage(doc, 'log');
    } catch {
      /* the log language may be missing */
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
  }
}

export class TerminalLogView implements LogView {
  readonly ring: LineRing;
  private readonly write = new vscode.EventEmitter<string>();
  private readonly terminal: vscode.Terminal;
  private closedCbs: (() => void)[] = [];
  private opened = false;
  private pending: string[] = [];

  constructor(
    readonly title: string,
    maxLines: number,
  ) {
    this.ring = new (cluster().LineRing)(maxLines);
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.write.event,
      open: () => {
        this.opened = true;
        if (this.pending.length) this.write.fire(this.pending.join(''));
        this.pending = [];
      },
      close: () => {
        for (const cb of this.closedCbs) cb();
      },
    };
    this.terminal = vscode.window.createTerminal({ name: `kjob: ${title}`, pty, iconPath: new vscode.ThemeIcon('output') });
  }

  private out(s: string): void {
    if (this.opened) this.write.fire(s);
    else {
      this.pending.push(s);
      if (this.pending.length > 5000) this.pending.splice(0, this.pending.length - 5000);
    }
  }

  lines(lines: string[]): void {
    this.ring.push(lines);
    this.out(lines.map((l) => l + '\r\n').join(''));
  }

  marker(text: string): void {
    this.ring.push([text]);
    this.out(`\x1b[2m${text}\x1b[0m\r\n`);
  }

  end(reason: string): void {
    this.out(`\x1b[2m(follow ended: ${reason})\x1b[0m\r\n`);
  }

  onClosed(cb: () => void): void {
    this.closedCbs.push(cb);
  }

  reveal(): void {
    this.terminal.show(true);
  }

  dispose(): void {
    this.write.dispose();
  }
}
