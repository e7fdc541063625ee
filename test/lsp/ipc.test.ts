/** The built server also speaks LSP over Node IPC (`--node-ipc`), the transport the extension uses. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { serverPath, root } from './lspClient';

test('initialize, open, pull diagnostics and shut down over --node-ipc', async () => {
  const child = fork(serverPath, ['--node-ipc'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  const pending = new Map<number, (m: any) => void>();
  child.on('message', (m: any) => {
    if (m.id !== undefined && !m.method) pending.get(m.id)?.(m);
    else if (m.id !== undefined && m.method) child.send({ jsonrpc: '2.0', id: m.id, result: m.method === 'workspace/configuration' ? m.params.items.map(() => null) : null });
  });
  let id = 0;
  const request = (method: string, params: unknown) =>
    new Promise<any>((resolve, reject) => {
      const i = ++id;
      const t = setTimeout(() => reject(new Error(`${method} timed out`)), 15000);
      pending.set(i, (m) => {
        clearTimeout(t);
        resolve(m);
      });
      child.send({ jsonrpc: '2.0', id: i, method, params });
    });
  try {
    const init = await request('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
    assert.equal(init.result.serverInfo.name, 'kjob');
    child.send({ jsonrpc: '2.0', method: 'initialized', params: {} });
    const uri = 'file:///ipc/job.yaml';
    child.send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text: 'apiVersion: batch/v1\nkind: Job\nspec:\n  parallelism: many\n' } } });
    const d = await request('textDocument/diagnostic', { textDocument: { uri } });
    assert.ok(d.result.items.some((x: any) => x.code === 'invalid-type' && x.data.path === 'spec.parallelism'), JSON.stringify(d));
    await request('shutdown', null);
    child.send({ jsonrpc: '2.0', method: 'exit', params: null });
    await new Promise((res) => child.once('exit', res));
  } finally {
    if (child.exitCode === null) child.kill();
  }
});
