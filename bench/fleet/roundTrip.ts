/**
 * The Redis round trip of one admission while the fleet paces: how long the store's limiter takes to give
 * a request its turn when the turn comes at once, i.e. ACQUIRE's EVALSHA on Redis and back, plus the
 * store's own code around it. The fleet is made to pace at a rate far above the calls (1,000,000/s), so
 * no turn has to wait, and a stand-in holds the leader's lease so that this process's controller does not
 * rewrite that rate. Loopback Redis: a network between the process and Redis adds its own round trip. The
 * store's deadline is set to its longest, so that every turn is Redis's (none is a local one).
 */
import { createClient } from "redis";
import { resolveLimiterOptions } from "../../src/options";
import { redisStore } from "../../src/redis";
import { quotaKeys } from "../../src/redis/scripts";
import { percentile } from "../measure";

/** One admission's round trip, µs of wall time. */
export interface AdmissionRoundTrip {
  samples: number;
  medianMicros: number;
  p99Micros: number;
}

const SCOPE = { service: "Pinpoint", region: "us-east-1", operation: "SendMessages" };
/** So high that every turn is due at once: the figure is the round trip, never a wait. */
const PACED_RATE = 1_000_000;

/** Times `samples` admissions one after another (after a warm-up) on a store over `redisUrl`. */
export async function measureAdmissionRoundTrip(redisUrl: string, samples: number, prefix: string): Promise<AdmissionRoundTrip> {
  const redis = createClient({ url: redisUrl, disableOfflineQueue: true });
  redis.on("error", () => undefined);
  await redis.connect();
  try {
    const keys = quotaKeys(prefix, SCOPE);
    await redis.sendCommand(["SET", keys.leader, "fleet-bench-stand-in", "PX", "600000"]);
    await redis.sendCommand(["HSET", keys.ctl, "rate", String(PACED_RATE)]);
    await redis.sendCommand(["PEXPIRE", keys.ctl, "600000"]);
    // The longest deadline: a reply slower than the default's 5 ms is measured, not replaced by a local turn.
    let warnings = 0;
    const logger = { warn: () => warnings++, info: () => undefined };
    const limiter = redisStore({ client: redis, prefix, timeoutMs: 1000, logger }).limiter(SCOPE, resolveLimiterOptions());
    const times: number[] = [];
    for (let i = 0; i < samples + 200; i++) {
      const startedAt = performance.now();
      await limiter.acquire();
      // The first 200 warm the JIT and load the script (EVALSHA, then EVAL on NOSCRIPT).
      if (i >= 200) times.push((performance.now() - startedAt) * 1000);
    }
    if (warnings > 0 || limiter.sharing !== "fleet" || limiter.currentRate() !== PACED_RATE) throw new Error("the round trip was not measured on a pacing fleet");
    return { samples, medianMicros: Math.round(percentile(times, 50)), p99Micros: Math.round(percentile(times, 99)) };
  } finally {
    redis.destroy();
  }
}
