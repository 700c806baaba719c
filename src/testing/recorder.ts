/**
 * Counters and a bounded log of the requests the emulator answered.
 * @packageDocumentation
 */

import type { EmulatorStats, RecordedRequest } from "./types";

/** How many requests `requests()` keeps; older ones are dropped. */
export const MAX_RECORDED_REQUESTS = 10_000;

/** Accumulates {@link EmulatorStats} and the last {@link MAX_RECORDED_REQUESTS} requests. */
export class Recorder {
  private counters: EmulatorStats = { requests: 0, byOperation: {} };
  private log: RecordedRequest[] = [];

  /** Counts and logs one answered (or reset) request. */
  record(request: RecordedRequest): void {
    this.counters.requests++;
    const key = `${request.service}.${request.operation}`;
    const operation = (this.counters.byOperation[key] ??= { requests: 0, byStatus: {}, resets: 0 });
    operation.requests++;
    if (request.status === "reset") operation.resets++;
    else operation.byStatus[request.status] = (operation.byStatus[request.status] ?? 0) + 1;
    this.log.push(request);
    if (this.log.length > MAX_RECORDED_REQUESTS) this.log.shift();
  }

  /** A copy of the counters. */
  stats(): EmulatorStats {
    return structuredClone(this.counters);
  }

  /** A copy of the log, oldest first. */
  requests(): RecordedRequest[] {
    return [...this.log];
  }

  /** Clears counters and log. */
  reset(): void {
    this.counters = { requests: 0, byOperation: {} };
    this.log = [];
  }
}
