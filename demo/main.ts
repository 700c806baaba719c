/**
 * `npm run demo`: runs the seeded workload with the SDK's standard retry and with smithy-resilience, side
 * by side on the embedded emulator, then prints a table and writes an HTML report (and JSON on request).
 * @packageDocumentation
 */

import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { DEFAULT_CALLS, parseDemoArgs, UsageError, USAGE } from "./args";
import { VARIANT_IDS } from "./metrics";
import { headlines } from "./headlines";
import { createProgress } from "./progress";
import { buildReportHtml } from "./report/html";
import { buildResults, VARIANT_LABELS } from "./results";
import { runDemo, type RunHooks } from "./run";
import { renderTable, tableRows } from "./table";
import { SERVICES } from "./workload";

/** Where the demo writes, and the seam tests use to watch the emulators. */
export interface MainContext {
  stdout: NodeJS.WritableStream;
  /** Progress goes here: bars on a terminal, periodic lines otherwise. */
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  startEmulator?: RunHooks["startEmulator"];
}

async function writeOutput(path: string, content: string): Promise<string> {
  const absolute = resolve(path);
  await mkdir(dirname(absolute), { recursive: true });
  await writeFile(absolute, content);
  return absolute;
}

/**
 * Runs the demo with command-line arguments `argv`.
 * @returns The process exit code: 0 done, 2 a usage mistake.
 */
export async function main(argv: readonly string[], context: MainContext = process): Promise<number> {
  let options;
  try {
    options = parseDemoArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    context.stderr.write(`demo: ${error.message}\n`);
    return 2;
  }
  if (options.help) {
    context.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // The newest clients warn on Node 20 that they will want Node 22 in 2027: noise in a demo's output.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

  const run = { calls: options.calls, seed: options.seed, phases: options.phases };
  const duration = options.calls === DEFAULT_CALLS && options.phases.length === 6 ? " (about a minute)" : "";
  context.stdout.write(
    `Same seeded workload, SDK standard retry vs smithy-resilience, side by side${duration}.\n` +
      `seed ${run.seed} · ${run.calls} calls per phase per service · phases ${run.phases.join(" → ")}\n\n`,
  );
  const progress = createProgress(context.stderr, VARIANT_IDS, VARIANT_LABELS, run.phases.length * SERVICES.length * run.calls);
  let output;
  try {
    output = await runDemo(run, { onProgress: progress.update, startEmulator: context.startEmulator });
  } finally {
    progress.stop();
  }
  const results = buildResults(output, run);
  context.stdout.write(`\n${renderTable(tableRows(results.summary, VARIANT_LABELS))}\n\n`);
  const lines = headlines(results.summary);
  if (lines.length > 0) context.stdout.write(`${lines.join("\n")}\n\n`);
  context.stdout.write(`Wall time ${(results.wallTimeMs / 1000).toFixed(1)} s.\n`);
  context.stdout.write(`Report: ${await writeOutput(options.reportPath, buildReportHtml(results, output.records))}\n`);
  if (options.jsonPath) context.stdout.write(`JSON:   ${await writeOutput(options.jsonPath, `${JSON.stringify(results, null, 2)}\n`)}\n`);
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
