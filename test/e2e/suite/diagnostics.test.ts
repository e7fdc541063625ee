import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activated, diagnosticsFor, fixture, open, positionOf, waitFor } from './helpers';

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code ? String(d.code.value) : String(d.code ?? '');
}

suite('diagnostics', () => {
  suiteSetup(async () => {
    await activated().catch(() => undefined);
  });

  test('a broken Job gets the API server error on the offending value', async () => {
    const editor = await open('broken-job.yaml');
    await activated();
    const doc = editor.document;
    const diags = await waitFor('diagnostics on broken-job.yaml', () => {
      const d = diagnosticsFor(doc.uri);
      return d.length ? d : undefined;
    });
    const rp = diags.find((d) => codeOf(d).includes('restart-policy'));
    assert.ok(rp, `a restartPolicy diagnostic among: ${diags.map((d) => `${codeOf(d)} ${d.message}`).join(' | ')}`);
    assert.equal(rp.severity, vscode.DiagnosticSeverity.Error);
    assert.match(rp.message, /restartPolicy/);
    assert.match(rp.message, /OnFailure/);
    assert.match(rp.message, /Never/);
    // On the value `Always` of line 11 (0-based 10).
    const always = positionOf(doc, 'restartPolicy: Always', 'restartPolicy: '.length);
    assert.equal(rp.range.start.line, always.line);
    assert.equal(doc.getText(rp.range), 'Always');
    assert.equal(rp.source, 'kjob');
    // The API server's field path travels with the diagnostic.
    const text = `${rp.message} ${JSON.stringify(rp.code)} ${rp.source}`;
    assert.match(text, /spec\.template\.spec\.restartPolicy/);
  });

  test('a valid Job and a Deployment get no diagnostics', async () => {
    // The broken file proves the server is validating; the others must stay clean.
    const broken = await open('broken-job.yaml');
    await waitFor('diagnostics on broken-job.yaml', () => diagnosticsFor(broken.document.uri).length > 0);
    const valid = await open('valid-job.yaml');
    const deployment = await open('deployment.yaml');
    // Edit-free settle: give the server the time it needed for the broken file, twice over.
    await new Promise((r) => setTimeout(r, 2000));
    assert.deepEqual(diagnosticsFor(valid.document.uri).map((d) => d.message), []);
    assert.deepEqual(diagnosticsFor(deployment.document.uri).map((d) => d.message), []);
    // Sanity: the Deployment has a field kjob would flag in a Job, so silence is not an accident.
    assert.match(deployment.document.getText(), /unknownField/);
    assert.ok(fixture('valid-job.yaml'));
  });
});
