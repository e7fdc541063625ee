/**
 * Restricted Mode and the Simulate / Run locally CodeLenses (client/src/simulate/simulate.ts and the
 * lazily loaded feature.ts), against a small fake of the `vscode` module: an untrusted workspace gets
 * the Simulate… lens but no Run locally lens (Run locally runs the Job's commands on this machine),
 * and granting trust asks the editor for the lenses again, now with Run locally.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Ctx } from '../../../client/src/ctx';
import { LocalJobsStore } from '../../../client/src/simulate/localJobs';

type Listener = (e?: unknown) => void;

class EventEmitter {
  private readonly listeners = new Set<Listener>();
  event = (l: Listener) => {
    this.listeners.add(l);
    return { dispose: () => this.listeners.delete(l) };
  };
  fire(e?: unknown): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

let trusted = false;
const grantTrust = new EventEmitter();
const errors: string[] = [];
const providers: { onDidChangeCodeLenses?: (l: Listener) => unknown; provideCodeLenses(doc: unknown): { command?: { title: string; command: string } }[] }[] = [];
const commands = new Map<string, (...a: unknown[]) => unknown>();
const none = { dispose() {} };
const fakeVscode = {
  EventEmitter,
  Position: class {
    constructor(
      readonly line: number,
      readonly character: number,
    ) {}
  },
  Range: class {
    constructor(
      readonly start: unknown,
      readonly end: unknown,
    ) {}
  },
  CodeLens: class {
    constructor(
      readonly range: unknown,
      readonly command: unknown,
    ) {}
  },
  workspace: {
    get isTrusted() {
      return trusted;
    },
    onDidGrantWorkspaceTrust: grantTrust.event,
    onDidCloseTextDocument: () => none,
    registerTextDocumentContentProvider: () => none,
    getConfiguration: () => ({ get: <T>(_k: string, d: T) => d }),
  },
  languages: {
    registerCodeLensProvider: (_selector: unknown, p: (typeof providers)[number]) => {
      providers.push(p);
      return none;
    },
  },
  commands: {
    registerCommand: (id: string, f: (...a: unknown[]) => unknown) => {
      commands.set(id, f);
      return none;
    },
  },
  window: {
    showErrorMessage: async (m: string) => void errors.push(m),
    showInformationMessage: async () => undefined,
  },
};

const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const originalLoad = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? fakeVscode : originalLoad.call(this, request, ...rest);
};
after(() => {
  loader._load = originalLoad;
});

const JOB = readFileSync(join(__dirname, '..', '..', 'e2e', 'workspace', 'valid-job.yaml'), 'utf8');

function doc(text: string) {
  return { uri: { scheme: 'file', fsPath: '/w/job.yaml', toString: () => 'file:///w/job.yaml' }, version: 1, getText: () => text, positionAt: (o: number) => new fakeVscode.Position(0, o) };
}

test('Restricted Mode: Simulate… but no Run locally lens; granting trust refreshes the lenses with it', async () => {
  const { registerSimulate } = require('../../../client/src/simulate/simulate') as typeof import('../../../client/src/simulate/simulate');
  const ctx = { push: () => undefined, localJobs: new LocalJobsStore(), log: { info() {}, error() {}, debug() {} } } as unknown as Ctx;
  registerSimulate(ctx);
  assert.equal(providers.length, 1);
  const provider = providers[0];
  const titles = () => provider.provideCodeLenses(doc(JOB)).map((l) => l.command?.command);

  trusted = false;
  assert.deepEqual(titles(), ['kjob.simulate']);
  await commands.get('kjob.runLocally')!();
  assert.match(errors.join('\n'), /only available in a trusted workspace/);

  let refreshed = 0;
  assert.ok(provider.onDidChangeCodeLenses, 'the provider tells the editor when its lenses change');
  provider.onDidChangeCodeLenses!(() => refreshed++);
  trusted = true;
  grantTrust.fire();
  assert.equal(refreshed, 1, 'granting trust asks for the lenses again');
  assert.deepEqual(titles(), ['kjob.simulate', 'kjob.runLocally']);
});
