/**
 * Entry point of the test kubelet (started by scripts/cluster.mjs, bundled with esbuild):
 *   node kubelet.js --server https://127.0.0.1:6443 --ca ca.crt --token-file kubelet.token \
 *     --tls-cert kubelet.crt --tls-key kubelet.key --port 10250 [--node-name kjob-node]
 *     [--kubelet-version v1.37.2]
 * Logs one line per action to stdout.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { Api } from './api';
import { Kubelet } from './kubelet';
import { LogStore, handleLogRequest } from './logs';

function parseArgs(argv: string[]) {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument ${argv[i]}`);
    out[m[1]] = m[2] ?? argv[++i] ?? '';
  }
  for (const k of ['server', 'ca', 'token-file', 'tls-cert', 'tls-key', 'port']) {
    if (!out[k]) throw new Error(`missing --${k}`);
  }
  return out;
}

function log(msg: string) {
  process.stdout.write(`${new Date().toISOString()} ${msg}\n`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const api = new Api({ server: args.server, token: readFileSync(args['token-file'], 'utf8').trim(), ca: readFileSync(args.ca) });
  const logs = new LogStore();
  const port = Number(args.port);
  const server = https.createServer({ cert: readFileSync(args['tls-cert']), key: readFileSync(args['tls-key']) }, (req, res) => {
    try {
      handleLogRequest(logs, req, res);
    } catch (e) {
      log(`log request ${req.url}: ${(e as Error).message}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  log(`log endpoint listening on https://127.0.0.1:${port}`);
  const kubelet = new Kubelet({
    api,
    nodeName: args['node-name'] || 'kjob-node',
    port,
    logs,
    log,
    kubeletVersion: args['kubelet-version'] || undefined,
  });
  for (let i = 0; ; i++) {
    try {
      await kubelet.start();
      break;
    } catch (e) {
      if (i >= 30) throw e;
      log(`start: ${(e as Error).message}; retrying`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const shutdown = () => {
    log('stopping');
    kubelet.stop();
    server.close();
    process.exit(0);
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((e) => {
  log(`fatal: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
