/**
 * Redis goes away in the middle of a run and comes back: two worker processes (one on node-redis, one on
 * ioredis) keep sending through the store over HTTP to the emulator, past its quota, while redis-server is
 * stopped and then restarted. No call fails because of it (a call fails only with an answer of the
 * emulator's), each process warns once, paces alone while Redis is away ("local") and shares again
 * ("fleet") once it is back.
 */
import { runFleet } from "../../bench/fleet/fleetRun";
import type { SharingSample } from "../../bench/fleet/protocol";
import type { Emulator } from "../../src/testing";
import { startRedisServer } from "../support/redisServer";
import { DEMAND_RPS, isEmulatorFailure, REDIS_TIMEOUT_MS, startQuotaEmulator } from "./support";

jest.setTimeout(90_000);

let redis: Awaited<ReturnType<typeof startRedisServer>>;
let emulator: Emulator;

beforeAll(async () => {
  redis = await startRedisServer({ own: true });
  emulator = await startQuotaEmulator();
});

afterAll(async () => {
  await emulator?.close();
  await redis?.stop();
});

/** The sharing the samples show in [fromMs, toMs). */
const seenBetween = (samples: readonly SharingSample[], fromMs: number, toMs: number) =>
  new Set(samples.filter((s) => s.atMs >= fromMs && s.atMs < toMs).flatMap((s) => s.sharing));

test("stop and restart redis-server during a run: no call fails for it, one warning, local while away, fleet again after", async () => {
  // The helper has printed how to get a redis-server.
  const server = redis;
  if (!server) return;
  const stopAtMs = 1500;
  const restartAtMs = 3000;
  // The store tries Redis again 5 s after it went local: the run lasts long enough to see it come back.
  const endMs = 9000;
  const outcome = await runFleet({
    endpoint: emulator.endpoint,
    variant: "store",
    processes: 2,
    totalRatePerSecond: DEMAND_RPS,
    durationMs: endMs,
    window: { fromMs: 0, toMs: endMs },
    // Demand is 1.5× the quota in open loop: the backlog left at the end drains at the quota, and slower while
    // the fleet relearns it after the restart (Redis kept nothing); every call must end within the grace.
    graceMs: 20_000,
    seed: 2,
    redis: { url: server.url, clients: ["node-redis", "ioredis"], prefix: `fleet-fault-${Date.now()}:`, timeoutMs: REDIS_TIMEOUT_MS },
    warmUpCalls: 2,
    sampleSharingEveryMs: 50,
    actions: [
      { atMs: stopAtMs, run: () => server.stop() },
      { atMs: restartAtMs, run: () => server.restart() },
    ],
  });

  for (const worker of outcome.workers) {
    // Every call ended: succeeded, or failed with the emulator's answer; none with a Redis error.
    expect(worker.unfinished).toBe(0);
    expect(Object.keys(worker.failures).filter((reason) => !isEmulatorFailure(reason))).toEqual([]);
    expect(worker.warnings).toBe(1);
    expect(worker.resumes).toBe(1);
    // Paced by the fleet before the stop, alone while Redis was away, by the fleet again at the end.
    expect(seenBetween(worker.sharingSamples, 1000, stopAtMs)).toContain("fleet");
    expect(seenBetween(worker.sharingSamples, stopAtMs + 1000, restartAtMs)).toEqual(new Set(["local"]));
    expect(worker.sharingSamples.at(-1)?.sharing).toEqual(["fleet"]);
  }
});
