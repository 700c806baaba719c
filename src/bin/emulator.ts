#!/usr/bin/env node
/**
 * `smithy-resilience-emulator`: runs the local service emulator until SIGINT/SIGTERM.
 * @packageDocumentation
 */

import { startEmulator } from "../testing/emulator";
import { describeEndpoint, EMULATOR_USAGE, parseEmulatorArgs, type EmulatorCliArgs } from "./emulator-cli";

async function main(): Promise<void> {
  let args: EmulatorCliArgs;
  try {
    args = parseEmulatorArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${EMULATOR_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args.help) {
    console.log(EMULATOR_USAGE);
    return;
  }
  const emulator = await startEmulator(args.options);
  console.log(describeEndpoint(emulator.endpoint));
  const stop = () => {
    console.log(`\nServed ${emulator.stats().requests} requests.`);
    void emulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
