/**
 * `kjob` CLI dispatcher. Each subcommand lives in cli/<name>.ts and exports
 * `main(args: string[]): Promise<number>` (exit code: 0 ok, 1 findings/failure, 2 usage or I/O).
 */
import { main as check } from './check';
import { main as simulate } from './simulate';
import { main as run } from './run';
import { main as explain } from './explain';
import { main as schedule } from './schedule';

const commands: Record<string, { main: (args: string[]) => Promise<number>; summary: string }> = {
  check: { main: check, summary: 'check Job/CronJob YAML as the API server would (files or directories)' },
  simulate: { main: simulate, summary: 'simulate a Job with the Job controller semantics in virtual time' },
  run: { main: run, summary: "run a Job's pod template locally as processes" },
  schedule: { main: schedule, summary: "show a CronJob schedule's next runs, as the CronJob controller computes them" },
  explain: { main: explain, summary: "explain the Job controller's next step for a live Job and its pods" },
};

function usage(): string {
  return ['usage: kjob <command> [options]', '', ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(9)} ${c.summary}`), '', 'kjob <command> --help for its options'].join('\n');
}

async function mainCli(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h') {
    (cmd ? process.stdout : process.stderr).write(usage() + '\n');
    return cmd ? 0 : 2;
  }
  const c = commands[cmd];
  if (!c) {
    process.stderr.write(`kjob: unknown command "${cmd}"\n${usage()}\n`);
    return 2;
  }
  return c.main(rest);
}

mainCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`kjob: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
