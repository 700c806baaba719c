/** Shared by the demo tests: running `main` in-process and watching the emulators it starts. */

import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { main } from "../../demo/main";
import type { DemoResults } from "../../demo/results";
import { startEmulator, type Emulator, type EmulatorOptions, type EmulatorService } from "../../src/testing";

/** What one emulator counted, phase by phase, read by the test itself around each `setFaults`. */
export interface WatchedEmulator {
  service?: EmulatorService;
  /** Requests per phase, in the order the phases ran. */
  requestsPerPhase: number[];
}

/** Wraps `startEmulator` so that each emulator's own counters are read at every phase boundary. */
export function watchEmulators() {
  const watched: WatchedEmulator[] = [];
  const start = async (options: EmulatorOptions): Promise<Emulator> => {
    const emulator = await startEmulator(options);
    const entry: WatchedEmulator = { requestsPerPhase: [] };
    watched.push(entry);
    let counted = 0;
    let phasesStarted = 0;
    const closePhase = () => {
      const stats = emulator.stats();
      entry.service ??= Object.keys(stats.byOperation)[0]?.split(".")[0] as EmulatorService | undefined;
      entry.requestsPerPhase.push(stats.requests - counted);
      counted = stats.requests;
    };
    return {
      ...emulator,
      // The demo switches faults at the start of every phase: the previous phase ends there.
      setFaults: (faults) => {
        if (phasesStarted++ > 0) closePhase();
        emulator.setFaults(faults);
      },
      close: () => {
        if (phasesStarted > 0) closePhase();
        return emulator.close();
      },
    };
  };
  return { watched, start };
}

/** A stream that keeps what is written to it. */
export function captureStream(): Writable & { text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join("") });
}

/** Runs the demo in-process into a fresh temp directory; returns its outputs and the watched emulators. */
export async function runDemoInProcess(args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "demo-test-"));
  const reportPath = join(dir, "report.html");
  const jsonPath = join(dir, "results.json");
  const stdout = captureStream();
  const stderr = captureStream();
  const { watched, start } = watchEmulators();
  const code = await main([...args, "--report", reportPath, "--json", jsonPath], { stdout, stderr, startEmulator: start });
  return {
    code,
    stdout: stdout.text(),
    stderr: stderr.text(),
    watched,
    reportPath,
    html: readFileSync(reportPath, "utf8"),
    results: JSON.parse(readFileSync(jsonPath, "utf8")) as DemoResults,
  };
}
