/**
 * The language service's diagnostics while typing (issue #17): pull results carry result ids and
 * are "unchanged" when equal to the client's; each chunk's diagnostics are converted once and moved
 * by whole lines when lines are typed above them; big files are checked in background slices; a
 * chunk kept without its parse still gets its quick fixes. Every answer must equal what a fresh
 * service computes from scratch on the same text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../../server/src/service/languageService';
import { realisticFile, VARIANTS } from '../../scripts/bench/realistic';

/** A file whose every document has warnings (shell `$(...)` in scripts) and some clean ones. */
const base = realisticFile(VARIANTS.find((v) => v.name === 'real-all')!, 40).text;

class Editor {
  doc: TextDocument;
  constructor(
    readonly svc: LanguageService,
    uri: string,
    text: string,
  ) {
    this.doc = TextDocument.create(uri, 'yaml', 1, text);
  }
  /** One incremental change, reported as the server does. */
  type(offset: number, length: number, text: string): void {
    const from = this.doc.version;
    const range = { start: this.doc.positionAt(offset), end: this.doc.positionAt(offset + length) };
    this.doc = TextDocument.update(this.doc, [{ range, text }], from + 1);
    this.svc.changed(this.doc.uri, from, from + 1, [{ start: offset, end: offset + length, text }]);
  }
}

const fresh = (text: string) => new LanguageService().diagnostics({ uri: 'file:///fresh.yaml', version: 1, getText: () => text });

test('pull results: a result id, then "unchanged" while typing does not change the diagnostics, the full list when it does', async () => {
  const svc = new LanguageService();
  const ed = new Editor(svc, 'file:///a.yaml', base);
  const first = await svc.diagnosticsReport(ed.doc, undefined);
  assert.ok(!first.unchanged && first.items.length > 0);
  assert.deepEqual(first.items, fresh(base));
  // A digit typed into a value: same diagnostics.
  const at = base.indexOf('ttlSecondsAfterFinished: 36', base.length / 2) + 'ttlSecondsAfterFinished: 36'.length;
  ed.type(at, 0, '1');
  const second = await svc.diagnosticsReport(ed.doc, first.resultId);
  assert.deepEqual(second, { resultId: first.resultId, unchanged: true });
  // Without the id (a client that holds nothing) the list comes again.
  const again = await svc.diagnosticsReport(ed.doc, undefined);
  assert.ok(!again.unchanged);
  assert.deepEqual(again.items, fresh(ed.doc.getText()));
  // An error appears: a new id and the new list.
  const rp = ed.doc.getText().indexOf('restartPolicy: Never', at) + 'restartPolicy: Never'.length;
  ed.type(rp, 0, 'x');
  const third = await svc.diagnosticsReport(ed.doc, first.resultId);
  assert.ok(!third.unchanged);
  assert.notEqual(third.resultId, first.resultId);
  assert.deepEqual(third.items, fresh(ed.doc.getText()));
  assert.ok(third.items.length > first.items.length);
});

test('diagnostics moved by lines typed above them equal a fresh computation (LF, CRLF)', () => {
  for (const text of [base, base.replace(/\n/g, '\r\n')]) {
    const svc = new LanguageService();
    const ed = new Editor(svc, 'file:///b.yaml', text);
    svc.diagnostics(ed.doc);
    const nl = text.includes('\r\n') ? '\r\n' : '\n';
    const edits: [number, number, string][] = [
      [text.indexOf('metadata:'), 0, `# a new comment line${nl}`],
      [text.indexOf('kind: Job', text.length / 3), 0, `${nl}${nl}`],
      [text.indexOf('namespace:', text.length / 2), 0, 'x'],
      [text.indexOf('---', text.length / 4), 4, ''],
    ];
    for (const [offset, length, t] of edits) {
      const cur = ed.doc.getText();
      const at = offset > cur.length ? cur.length - 1 : offset;
      ed.type(at, length, t);
      assert.deepEqual(svc.diagnostics(ed.doc), fresh(ed.doc.getText()), `after typing ${JSON.stringify(t)}`);
    }
  }
});

test('big files opened together are checked in background slices with the same result; closing one meanwhile is safe', async () => {
  const svc = new LanguageService();
  const texts = VARIANTS.slice(0, 4).map((v) => realisticFile(v, 60).text);
  const docs = texts.map((t, i) => TextDocument.create(`file:///c${i}.yaml`, 'yaml', 1, t));
  const pending = docs.map((d) => svc.diagnosticsAsync(d));
  svc.close(docs[3]!.uri);
  const results = await Promise.all(pending);
  for (let i = 0; i < 3; i++) assert.deepEqual(results[i], fresh(texts[i]!), `file ${i}`);
});

test('a chunk kept without its parse still gets its quick fixes', () => {
  const svc = new LanguageService();
  const text = `${base}---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: fix-me\nspec:\n  completionMode: indexed\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: c\n          image: busybox\n`;
  const doc = TextDocument.create('file:///d.yaml', 'yaml', 1, text);
  const diags = svc.diagnostics(doc);
  const d = diags.find((x) => x.code === 'api/completion-mode' || /completionMode/.test(String(x.message)));
  assert.ok(d, 'the completionMode problem is reported');
  const actions = svc.codeActions(doc, d.range);
  assert.ok(actions.some((a) => /Indexed/.test(a.title)), `a quick fix for it: ${actions.map((a) => a.title).join(', ')}`);
});
