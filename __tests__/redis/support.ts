/** Clients, limiters and keys for the Redis store's tests, against a real redis-server (see ../support/redisServer). */
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { createClient } from "redis";
import type { Clock } from "../../src";
import type { QuotaLimiter, QuotaScope } from "../../src/rateLimiter";
import { resolveLimiterOptions } from "../../src/rateLimiter";
import type { RedisStore } from "../../src/redis";

/** A node-redis client with its offline queue off (as the README advises), reconnecting every 20 ms. */
const nodeRedisClient = (url: string) => createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: () => 20 } });
export type NodeRedisClient = ReturnType<typeof nodeRedisClient>;

/** A node-redis client, connected. */
export async function nodeRedis(url: string): Promise<NodeRedisClient> {
  const client = nodeRedisClient(url);
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

/** An ioredis client, connected, with its offline queue off. */
export async function ioredis(url: string): Promise<Redis> {
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 20 });
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

/** Closes either client, whatever its state. */
export async function closeClient(client: NodeRedisClient | Redis): Promise<void> {
  if (client instanceof Redis) client.disconnect();
  else if (client.isOpen) client.destroy();
}

/** A prefix of the test's own, so tests sharing a server never see each other's keys. */
export function testPrefix(): string {
  return `test-${randomBytes(4).toString("hex")}:`;
}

export const SCOPE: QuotaScope = { service: "Pinpoint", region: "us-east-1" };

/** The limiter of `scope` from `store`, with the default tuning on `clock` (the system's by default). */
export function limiterOf(store: RedisStore, scope: QuotaScope = SCOPE, clock?: Pick<Clock, "now" | "sleep">): QuotaLimiter {
  return store.limiter(scope, resolveLimiterOptions(clock ? { clock, sleep: clock.sleep } : {}));
}

/** A key of `scope` under `prefix`. */
export function keyOf(prefix: string, suffix: "tat" | "ctl" | "fb" | "members" | "leader", scope: QuotaScope = SCOPE): string {
  const name = [scope.service, scope.region, ...(scope.operation ? [scope.operation] : [])].join("|");
  return `${prefix}{${name}}:${suffix}`;
}

/** Makes the fleet of `prefix` pace at `rate` with another process leading (so this test's stores do not publish). */
export async function fleetPacingAt(client: NodeRedisClient, prefix: string, rate: number, otherMembers = 1, scope: QuotaScope = SCOPE): Promise<void> {
  await client.set(keyOf(prefix, "leader", scope), "another-process", { PX: 60_000 });
  await client.hSet(keyOf(prefix, "ctl", scope), "rate", String(rate));
  const [seconds] = await client.time();
  for (let i = 0; i < otherMembers; i++) await client.zAdd(keyOf(prefix, "members", scope), { score: Number(seconds) * 1000, value: `other-${i}` });
}

/** Waits `ms` of real time. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Timers alive in the process now. */
export function liveTimers(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
}

/** A logger that records what the store says. */
export function recordingLogger() {
  const lines: { level: "warn" | "info"; text: string }[] = [];
  return {
    lines,
    warn: (...content: unknown[]) => void lines.push({ level: "warn", text: content.map(String).join(" ") }),
    info: (...content: unknown[]) => void lines.push({ level: "info", text: content.map(String).join(" ") }),
  };
}
