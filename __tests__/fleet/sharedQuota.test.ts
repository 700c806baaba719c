/**
 * A fleet of real processes shares one quota through one redis-server: three worker processes (two on
 * node-redis, one on ioredis), each a real PinpointClient sending SendMessages over HTTP to the emulator,
 * together wanting 1.5× its quota. With the Redis store they pace as one: the emulator sees the quota's
 * worth of accepted requests and few 429s. Thresholds leave room for a loaded 2-core machine; the bench
 * measures the figures themselves (bench/fleet).
 */
import { runFleet } from "../../bench/fleet/fleetRun";
import type { CounterReading } from "../../bench/fleet/metrics";
import { fleetFigures } from "../../bench/fleet/metrics";
import type { Emulator } from "../../src/testing";
import { startRedisServer } from "../support/redisServer";
import { counters, DEMAND_RPS, isEmulatorFailure, QUOTA_RPS, REDIS_TIMEOUT_MS, startQuotaEmulator } from "./support";

jest.setTimeout(90_000);

let redis: Awaited<ReturnType<typeof startRedisServer>>;
let emulator: Emulator;

beforeAll(async () => {
  redis = await startRedisServer();
  emulator = await startQuotaEmulator();
});

afterAll(async () => {
  await emulator?.close();
  await redis?.stop();
});

test("three processes with the store pace as one: goodput near the quota, few 429s, every process sharing", async () => {
  // The helper has printed how to get a redis-server.
  if (!redis) return;
  const readings: CounterReading[] = [];
  // The first second learns the quota; the next three are measured.
  const window = { fromMs: 1000, toMs: 4000 };
  const outcome = await runFleet({
    endpoint: emulator.endpoint,
    variant: "store",
    processes: 3,
    totalRatePerSecond: DEMAND_RPS,
    durationMs: window.toMs,
    window,
    graceMs: 10_000,
    seed: 1,
    redis: { url: redis.url, clients: ["node-redis", "ioredis"], prefix: `fleet-test-${Date.now()}:`, timeoutMs: REDIS_TIMEOUT_MS },
    warmUpCalls: 2,
    actions: [window.fromMs, window.toMs].map((atMs) => ({ atMs, run: () => readings.push(counters(emulator)) })),
  });
  const figures = fleetFigures(outcome, readings[0], readings[1], window.toMs - window.fromMs, QUOTA_RPS);

  // Runs on a busy 2-core machine (the store at bd65e62): 4.7-9.2% throttled, goodput 99-102% of the quota;
  // earlier versions of the store, 1.8-26%. The bench holds the store to 3% and 95% (4 processes at 300/s);
  // these bounds catch a fleet that does not pace as one and leave room for a slower machine.
  expect(figures.throttledPct).toBeLessThanOrEqual(15);
  expect(figures.goodputPct).toBeGreaterThanOrEqual(75);
  // Goodput is what the emulator accepted: never more than its quota and a burst.
  expect(figures.goodputPct).toBeLessThanOrEqual(110);
  for (const worker of outcome.workers) {
    expect(worker.warnings).toBe(0);
    expect(worker.sharingSamples.at(-1)?.sharing).toEqual(["fleet"]);
    expect(Object.keys(worker.failures).filter((reason) => !isEmulatorFailure(reason))).toEqual([]);
    expect(worker.unfinished).toBe(0);
  }
});
