/**
 * `npm run bench`: SDK standard, SDK adaptive and smithy-resilience side by side against the local
 * emulator (real HTTP on loopback) and an in-memory handler, then the scenario family and the fleet
 * (processes sharing a quota, with and without the Redis store). Reports; never fails on timing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs, USAGE } from "./args";
import { runFamily } from "./family/runFamily";
import type { BenchReportWithFamily } from "./family/runFamily";
import { renderFamily } from "./family/table";
import { FLEET_USAGE, splitFleetArgs } from "./fleet/args";
import type { FleetReport } from "./fleet/runFleetBench";
import { runFleetBench } from "./fleet/runFleetBench";
import { renderFleet } from "./fleet/table";
import { renderTable } from "./report";
import { runBench } from "./runBench";

// The newest clients warn that they will want Node 22 in 2027; the notice is noise in bench output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

async function main(): Promise<void> {
  const fleetArgs = splitFleetArgs(process.argv.slice(2));
  let options;
  try {
    options = parseArgs(fleetArgs.rest);
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n${FLEET_USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === "help") {
    process.stdout.write(`${USAGE}\n${FLEET_USAGE}\n`);
    return;
  }
  if (fleetArgs.fleetOnly) {
    options.scenarios = [];
    options.family = false;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const began = performance.now();
  const report: BenchReportWithFamily & { fleet?: FleetReport } = await runBench(options, log);
  if (options.family) {
    report.family = await runFamily({ seed: options.seed, quick: options.quick, variants: options.variants, cells: options.cells }, log);
    report.durationMs = Math.round(performance.now() - began);
  }
  if (fleetArgs.fleet) {
    report.fleet = await runFleetBench({ seed: options.seed, quick: options.quick }, log);
    report.durationMs = Math.round(performance.now() - began);
  }
  const blocks = [
    ...(report.scenarios.length > 0 ? [renderTable(report)] : []),
    ...(report.family ? [renderFamily(report.family)] : []),
    ...(report.fleet ? [renderFleet(report.fleet)] : []),
  ];
  if (blocks.length > 0) process.stdout.write(`${blocks.join("\n\n")}\n`);
  if (options.jsonPath) {
    mkdirSync(dirname(options.jsonPath), { recursive: true });
    writeFileSync(options.jsonPath, `${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`JSON written to ${options.jsonPath}\n`);
  }
}

void main();
