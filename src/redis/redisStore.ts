import { randomBytes } from "node:crypto";
import { DEFAULT_REDIS_PREFIX, DEFAULT_REDIS_TIMEOUT_MS, MAX_REDIS_TIMEOUT_MS } from "../constants";
import type { ResolvedLimiterOptions } from "../rateLimiter/limiterOptions";
import type { QuotaLimiter, QuotaScope, QuotaSharing, QuotaStore } from "../rateLimiter/QuotaLimiter";
import type { RedisClientLike } from "./clientAdapter";
import { adaptClient } from "./clientAdapter";
import { FleetLimiter } from "./FleetLimiter";
import type { RedisStoreLogger } from "./link";
import { RedisLink } from "./link";
import { quotaKeys, scopeName } from "./scripts";

/** Options of {@link redisStore}. */
export interface RedisStoreOptions {
  /**
   * A node-redis (v5+: `createClient()`, `createCluster()`) or ioredis (v5+: `new Redis()`, `new Cluster()`)
   * client that you create, connect and close. The store sends it EVALSHA and EVAL only. Turn its offline
   * queue off (node-redis `disableOfflineQueue: true`, ioredis `enableOfflineQueue: false`), so that commands
   * sent while Redis is away fail at once instead of piling up.
   */
  client: RedisClientLike;
  /** Prefix of every key the store writes: a non-empty string of at most 100 characters, without `{` or `}`. Default "smithy-resilience:". */
  prefix?: string;
  /**
   * Each Redis command's deadline, ms: an integer from 1 to 1000. Past it the call paces locally, so it
   * bounds the latency Redis adds to a call. Default 5.
   */
  timeoutMs?: number;
  /** Where the store says that it paces locally, and that sharing resumed. Default `console`. */
  logger?: RedisStoreLogger;
}

/** A {@link QuotaStore} on Redis, made by {@link redisStore}. */
export interface RedisStore extends QuotaStore {
  /** This process's id in the fleet: random, nothing of the host. */
  readonly processId: string;
  /** "fleet" while Redis answers, "local" while the store paces locally. */
  readonly sharing: QuotaSharing;
}

function fail(option: string, expected: string, value: unknown): never {
  const shown = typeof value === "string" ? JSON.stringify(value) : typeof value === "function" ? "a function" : String(value);
  throw new Error(`smithy-resilience: option "${option}" of redisStore() must be ${expected} (got ${shown})`);
}

function resolvePrefix(value: unknown): string {
  if (value === undefined) return DEFAULT_REDIS_PREFIX;
  if (typeof value !== "string" || value.length === 0 || value.length > 100 || /[{}]/.test(value)) {
    fail("prefix", "a non-empty string of at most 100 characters without { or } (the store's keys carry hash tags of their own)", value);
  }
  return value;
}

function resolveTimeoutMs(value: unknown): number {
  if (value === undefined) return DEFAULT_REDIS_TIMEOUT_MS;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > MAX_REDIS_TIMEOUT_MS) {
    fail("timeoutMs", `an integer from 1 to ${MAX_REDIS_TIMEOUT_MS} (ms)`, value);
  }
  return value;
}

function resolveLogger(value: unknown): RedisStoreLogger {
  if (value === undefined) return console;
  const logger = value as Partial<RedisStoreLogger> | null;
  if (typeof logger !== "object" || logger === null || typeof logger.warn !== "function") fail("logger", "an object with a warn function", value);
  if (logger.info !== undefined && typeof logger.info !== "function") fail("logger.info", "a function", logger.info);
  return logger as RedisStoreLogger;
}

/**
 * A quota store on Redis, for `createResilience({ store })`: every process that uses the same Redis (and
 * prefix) paces each quota (service + region, + operation where Pinpoint meters one apart) at one rate,
 * learned for the whole fleet from the throttles all of them see, instead of each learning it alone.
 * Admission is GCRA in a Lua script on Redis's own clock; one process at a time (a leader, with a 2 s
 * lease) runs the adaptive limiter on the fleet's counts and publishes the rate. Breakers and retry
 * budgets stay per process.
 *
 * While the fleet does not pace, a call sends nothing to Redis (the process sends its counts at most every
 * 100 ms, on a call). When Redis fails, is slower than `timeoutMs` or answers nonsense, calls pace locally
 * at the fleet's last rate divided by the number of processes, with one warning; the store asks Redis
 * again every 5 s and sharing resumes by itself. No call ever fails because of Redis, and the store runs
 * no timer of its own beyond a command's deadline.
 *
 * @example
 * ```ts
 * import { createClient } from "redis";
 * import { createResilience } from "smithy-resilience";
 * import { redisStore } from "smithy-resilience/redis";
 *
 * const redis = await createClient({ url: process.env.REDIS_URL, disableOfflineQueue: true }).connect();
 * const r = createResilience({ store: redisStore({ client: redis }) });
 * const client = new PinpointClient({ region, retryStrategy: r.retryStrategy });
 * client.middlewareStack.use(r.plugin);
 * ```
 * @throws TypeError when `client` is not a node-redis or ioredis client; Error naming the option and its
 *   accepted range when another option is invalid.
 */
export function redisStore(options: RedisStoreOptions): RedisStore {
  if (typeof options !== "object" || options === null) fail("options", "an object with a client", options);
  const runner = adaptClient(options.client);
  const prefix = resolvePrefix(options.prefix);
  const link = new RedisLink(runner, resolveTimeoutMs(options.timeoutMs), resolveLogger(options.logger));
  const processId = randomBytes(8).toString("hex");
  // One limiter per quota for the process, however many resilience instances use the store: the fleet
  // counts processes, and one process must not lead twice.
  const limiters = new Map<string, FleetLimiter>();
  return {
    processId,
    get sharing() {
      return link.sharing;
    },
    limiter(scope: QuotaScope, local: ResolvedLimiterOptions): QuotaLimiter {
      const name = scopeName(scope);
      let limiter = limiters.get(name);
      if (limiter === undefined) {
        limiter = new FleetLimiter(link, quotaKeys(prefix, scope), processId, local);
        limiters.set(name, limiter);
      }
      return limiter;
    },
  };
}
