/** Renders the language-server benchmark results as a BENCHMARKS.md section (per-case table: its details). */
import { parseRatio, ratio, YLS_DEBOUNCE_MS, type LspBenchResult, type ServerFileResult } from './lsp';
import { manyMarkdown } from './lspMany';
import { VARIANTS } from './realistic';
import { fmtMs, fmtRatio, table, type Section, type Target } from './report';
import { percentile, summarize } from './stats';

const ms = (xs: number[]) => {
  const s = summarize(xs);
  return s.n ? `${fmtMs(s.median)} / ${fmtMs(s.p95)}` : 'n/a';
};
const mib = (x: number) => (Number.isFinite(x) ? `${x.toFixed(0)} MiB` : 'n/a');

export function lspSection(r: LspBenchResult, command: string): Section {
  const out: string[] = [];
  // Long tables: the results file (docs/bench-results.md), linked from the section.
  const details: string[] = [];
  out.push(
    `Servers: kjob (\`server/out/server.js --stdio\`, pull diagnostics: \`textDocument/diagnostic\`), yaml-language-server ${r.ylsVersion} (\`--stdio\`, pushed \`publishDiagnostics\`) configured with a strict JSON schema converted from kjob's own schema (\`scripts/bench/jsonSchema.ts\`: same fields, types, enums, required lists, int32 ranges, unknown fields rejected), and the same server with the public strict Job schema (yannh/kubernetes-json-schema) for reference.`,
    '',
    `Each server gets the same files and the same requests over stdio, after the same warm-up. Times are wall-clock in the client from sending the notification to receiving the diagnostics (ms, **median / p95** over rounds). yaml-language-server waits a fixed ${YLS_DEBOUNCE_MS} ms after every open/change before validating (\`validationDelayMs\`, not a setting); the "compute" columns subtract that debounce, and every ratio uses the compute figure (the comparison most favourable to the peer). Ratios are the median of per-round ratios (each round measures every server and the parse baseline once, in rotating order). Parse-only is \`yaml\`'s \`parseAllDocuments\` on the same text in the benchmark process.`,
    '',
    `Command: \`${command}\``,
    '',
    'Files: `jobs-N` (N generated valid Jobs, plain block style, no comment), `job-2000-lines` (one Job of 2,000 lines) from `scripts/bench/gen.ts`; and the corpus written the way people write manifests, from `scripts/bench/realistic.ts` (2,000 documents each):',
    '',
    ...VARIANTS.map((v) => `- \`${v.name}-2000\`: ${v.what};`),
    '- `handwritten`: the repository\'s hand-written manifests (examples/, test/fixtures/, the demo and e2e workspaces, the YAML blocks of README.md and docs/) in one file, and `handwritten-x40` the same 40 times over.',
    '',
    '#### Open → diagnostics',
    '',
  );
  const byId = (f: { servers: ServerFileResult[] }, id: string) => f.servers.find((s) => s.server === id);
  out.push(
    table(
      ['file', 'lines', 'rounds', 'parse-only (`yaml`)', 'kjob', 'YLS + kjob schema: wall', 'compute', 'YLS + public schema: compute', 'kjob ÷ YLS (kjob schema)', 'kjob ÷ parse-only'],
      r.files.map((f) => {
        const k = byId(f, 'kjob');
        const y = byId(f, 'yls-kjob');
        const p = byId(f, 'yls-peer');
        return [
          f.file,
          String(f.lines),
          String(f.rounds),
          ms(f.parse),
          k?.error ? `error: ${k.error.slice(0, 80)}` : ms(k?.openCompute ?? []),
          ms(y?.open ?? []),
          ms(y?.openCompute ?? []),
          ms(p?.openCompute ?? []),
          fmtRatio(ratio(f, 'kjob', 'yls-kjob')),
          fmtRatio(parseRatio(f)),
        ];
      }),
    ),
    '',
    '#### One-character edit → diagnostics',
    '',
    'Typing: a digit typed into `ttlSecondsAfterFinished` of the middle Job, then deleted (each a one-character `didChange` followed at once by the diagnostics: kjob\'s pull names the result the client holds, as VS Code does, and gets "unchanged" when nothing changed). "Diagnostics change": a character typed after `restartPolicy: Never` and deleted (an error appears and goes), so the whole list is sent again each time.',
    '',
    table(
      ['file', 'kjob', 'kjob, diagnostics change', 'YLS + kjob schema: wall', 'compute', 'YLS + public schema: compute', 'kjob ÷ YLS (kjob schema)'],
      r.files.map((f) => [
        f.file,
        ms(byId(f, 'kjob')?.editCompute ?? []),
        ms(byId(f, 'kjob')?.diagEditCompute ?? []),
        ms(byId(f, 'yls-kjob')?.edit ?? []),
        ms(byId(f, 'yls-kjob')?.editCompute ?? []),
        ms(byId(f, 'yls-peer')?.editCompute ?? []),
        fmtRatio(ratio(f, 'kjob', 'yls-kjob', 'editCompute')),
      ]),
    ),
    '',
    '#### Completion and hover (ms, median / p95 over all probes and repetitions)',
    '',
    'Probes: completion inside a JobSpec key, on the `restartPolicy` value, inside a container key; hover on `spec.parallelism`, `restartPolicy`, a container\'s `imagePullPolicy` — in the middle Job of each multi-Job file, in the last container of the 2,000-line Job.',
    '',
    table(
      ['file', 'kjob completion', 'kjob hover', 'YLS + kjob schema completion', 'hover', 'YLS + public schema completion', 'hover'],
      r.files.map((f) => [
        f.file,
        ms(byId(f, 'kjob')?.completion ?? []),
        ms(byId(f, 'kjob')?.hover ?? []),
        ms(byId(f, 'yls-kjob')?.completion ?? []),
        ms(byId(f, 'yls-kjob')?.hover ?? []),
        ms(byId(f, 'yls-peer')?.completion ?? []),
        ms(byId(f, 'yls-peer')?.hover ?? []),
      ]),
    ),
    '',
  );
  const big = r.files.find((f) => f.file === 'jobs-2000');
  if (big) {
    const items = (s?: ServerFileResult) =>
      s ? Object.entries(s.completionItems).map(([k, v]) => `${k}: ${v}`).join(', ') : 'n/a';
    out.push(
      `Completion items returned on jobs-2000 (first request): kjob — ${items(byId(big, 'kjob'))}; YLS + kjob schema — ${items(byId(big, 'yls-kjob'))}; YLS + public schema — ${items(byId(big, 'yls-peer'))}.`,
      '',
    );
  }
  out.push(
    '#### Memory (server process, `/proc/<pid>/status`)',
    '',
    table(
      ['file', 'kjob VmRSS / VmHWM', 'YLS + kjob schema', 'YLS + public schema', 'kjob ÷ YLS (HWM)'],
      r.files.map((f) => {
        const k = byId(f, 'kjob');
        const y = byId(f, 'yls-kjob');
        return [
          f.file,
          `${mib(k?.rssMiB ?? NaN)} / ${mib(k?.hwmMiB ?? NaN)}`,
          `${mib(y?.rssMiB ?? NaN)} / ${mib(y?.hwmMiB ?? NaN)}`,
          `${mib(byId(f, 'yls-peer')?.rssMiB ?? NaN)} / ${mib(byId(f, 'yls-peer')?.hwmMiB ?? NaN)}`,
          fmtRatio((k?.hwmMiB ?? NaN) / (y?.hwmMiB ?? NaN)),
        ];
      }),
    ),
    '',
    'Diagnostics each server reported, first round (the generated `jobs-*` files are valid and clean; the realistic files carry the warnings real manifests get): ' +
      r.files
        .map((f) => `${f.file}: ${f.servers.map((s) => `${s.server} ${s.diagnosticsOnOpen < 0 ? 'n/a' : s.diagnosticsOnOpen}`).join(', ')}`)
        .join('; ') +
      '.',
    '',
  );
  const fp = r.files.flatMap((f) => f.servers.filter((s) => s.diagnosticsOnOpen > 0).map((s) => `${f.file}/${s.server}: ${s.firstDiagnostics.join(' · ')}`));
  if (fp.length) out.push('First diagnostics: ' + fp.join('; '), '');

  // Invalid-Job detection.
  if (r.cases.length) {
    const ids = Object.keys(r.cases[0]!.flagged);
    const invalid = r.cases.filter((c) => c.expectInvalid);
    const valid = r.cases.filter((c) => !c.expectInvalid);
    out.push(
      '#### Which invalid Jobs each server flags',
      '',
      `${invalid.length} Jobs the API server rejects (\`scripts/bench/gen.ts\` \`invalidJobs()\`${r.cases.some((c) => c.name.startsWith('corpus:')) ? ', plus test/corpus cases' : ''}): "rule" cases need a value or cross-field rule, "schema" cases are visible to a JSON schema. Then ${valid.length} valid Jobs, where any problem is a false positive. Flagged = at least one diagnostic of severity error (yaml-language-server reports every schema problem as an error; kjob's warnings and lint hints do not count).`,
      '',
      table(
        ['server', 'invalid flagged (all)', '"rule" cases', '"schema" cases', 'valid Jobs wrongly flagged'],
        ids.map((id) => {
          const n = (xs: typeof r.cases) => xs.filter((c) => c.flagged[id]).length;
          return [
            id,
            `${n(invalid)} / ${invalid.length}`,
            `${n(invalid.filter((c) => c.kind === 'rule'))} / ${invalid.filter((c) => c.kind === 'rule').length}`,
            `${n(invalid.filter((c) => c.kind === 'schema'))} / ${invalid.filter((c) => c.kind === 'schema').length}`,
            `${n(valid)} / ${valid.length}`,
          ];
        }),
      ),
      '',
    );
    details.push(
      '#### Which invalid Jobs each server flags, per case',
      '',
      `Flagged: ✔ with the server's first message (cut at 90 characters), — not flagged. \`(valid)\` cases should not be flagged.`,
      '',
      table(
        ['case', 'what the API server says', ...ids],
        r.cases.map((c) => [
          `${c.expectInvalid ? '' : '(valid) '}${c.name}`,
          c.why.replace(/\|/g, '\\|'),
          ...ids.map((id) => (c.flagged[id] ? `✔ ${(c.messages[id]?.[0] ?? '').replace(/\|/g, '\\|').slice(0, 90)}` : '—')),
        ]),
      ),
    );
  }

  if (r.many) out.push(manyMarkdown(r.many));

  // Targets (issue #17), on every file of at least 2,000 lines (the generated files and every
  // realistic variant): each row gives the worst file.
  const targets: Target[] = [];
  const ok = (v: number, limit: number) => (Number.isFinite(v) ? v <= limit : null);
  const bigFiles = r.files.filter((f) => f.lines >= 2000);
  const worst = (label: string, goal: string, limit: number, value: (f: (typeof r.files)[number]) => number, unit: (v: number) => string) => {
    let w: { f: string; v: number } | undefined;
    for (const f of bigFiles) {
      const v = value(f);
      if (!Number.isFinite(v)) continue;
      if (!w || v > w.v) w = { f: f.file, v };
    }
    targets.push({ name: `${label} (worst of ${bigFiles.length} files ≥ 2,000 lines)`, target: goal, measured: w ? `${unit(w.v)} (${w.f})` : 'n/a', ok: w ? ok(w.v, limit) : null });
  };
  if (bigFiles.length) {
    const k = (f: (typeof r.files)[number]) => byId(f, 'kjob');
    worst('open → diagnostics vs yaml-language-server', '≤ 0.3×', 0.3, (f) => ratio(f, 'kjob', 'yls-kjob'), fmtRatio);
    worst('open → diagnostics vs `yaml` parse-only', '≤ 1.0×', 1.0, (f) => parseRatio(f), fmtRatio);
    worst('one-char edit → diagnostics, median', '≤ 20 ms', 20, (f) => summarize(k(f)?.editCompute ?? []).median, (v) => `${fmtMs(v)} ms`);
    worst('one-char edit → diagnostics, p95', '≤ 50 ms', 50, (f) => percentile(k(f)?.editCompute ?? [], 95), (v) => `${fmtMs(v)} ms`);
    worst('completion p95', '≤ 10 ms', 10, (f) => percentile(k(f)?.completion ?? [], 95), (v) => `${fmtMs(v)} ms`);
    worst('hover p95', '≤ 5 ms', 5, (f) => percentile(k(f)?.hover ?? [], 95), (v) => `${fmtMs(v)} ms`);
    const allFiles = r.files.map((f) => byId(f, 'kjob')).filter((x): x is ServerFileResult => !!x);
    const hwm = Math.max(...allFiles.map((s) => s.hwmMiB).filter(Number.isFinite), r.many?.hwmMiB ?? -Infinity);
    targets.push({ name: 'server RSS peak (VmHWM, any file, many files included)', target: '≤ 200 MB', measured: mib(hwm), ok: Number.isFinite(hwm) ? hwm * 1.048576 <= 200 : null });
  }
  if (r.many) {
    const m = r.many;
    const d = summarize(m.editDuring);
    const given = (100 * (m.rssPeakMiB - m.rssAfterCloseMiB)) / (m.rssPeakMiB - m.rssBeforeMiB);
    targets.push(
      { name: `typing in 1 of ${m.files} files while the others are checked, median`, target: '≤ 20 ms', measured: `${fmtMs(d.median)} ms`, ok: ok(d.median, 20) },
      { name: `typing in 1 of ${m.files} files while the others are checked, p95`, target: '≤ 50 ms', measured: `${fmtMs(d.p95)} ms`, ok: ok(d.p95, 50) },
      {
        name: `memory given back 5 s after closing all ${m.files} files (share of the growth since before the opens)`,
        target: '≥ 50%',
        measured: `${given.toFixed(0)}% (${mib(m.rssBeforeMiB)} → peak ${mib(m.rssPeakMiB)} → ${mib(m.rssAfterCloseMiB)})`,
        ok: Number.isFinite(given) ? given >= 50 : null,
      },
    );
  }
  return { id: 'lsp', title: 'Language server vs yaml-language-server', body: out.join('\n'), targets, ...(details.length ? { details: details.join('\n') } : {}) };
}
