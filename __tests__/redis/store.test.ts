/**
 * The Redis store against a real redis-server, through both clients: GCRA admission on Redis's clock, the
 * free path while the fleet does not pace, keys (hash tag, TTL on every write), bad data and a flushed
 * script cache, and no timer left behind.
 */
import type { Redis } from "ioredis";
import { adaptClient } from "../../src/redis/clientAdapter";
import { redisStore } from "../../src/redis";
import type { RedisClientLike } from "../../src/redis";
import type { RedisServerHandle } from "../support/redisServer";
import { redisServerAvailable, startRedisServer } from "../support/redisServer";
import type { NodeRedisClient } from "./support";
import { closeClient, fleetPacingAt, ioredis, keyOf, limiterOf, liveTimers, nodeRedis, recordingLogger, sleep, testPrefix } from "./support";

let server: RedisServerHandle | undefined;
/** The test's own connection, to arrange and inspect keys. */
let admin: NodeRedisClient;

beforeAll(async () => {
  server = await startRedisServer();
  if (server) admin = await nodeRedis(server.url);
});
afterAll(async () => {
  if (admin) await closeClient(admin);
  await server?.stop();
});

const CLIENTS: Array<[string, (url: string) => Promise<NodeRedisClient | Redis>]> = [
  ["node-redis", nodeRedis],
  ["ioredis", ioredis],
];


const maybe = redisServerAvailable() ? describe : describe.skip;

maybe.each(CLIENTS)("redisStore through %s", (kind, connect) => {
  let client: NodeRedisClient | Redis;
  beforeAll(async () => {
    if (server) client = await connect(server.url);
  });
  afterAll(async () => {
    if (client) await closeClient(client);
  });


  test("the adapter recognises the client", async () => {
    expect(adaptClient(client).kind).toBe(kind);
  });

  test("while the fleet paces, turns are spaced 1/rate apart on Redis's clock (GCRA), and the wait is told", async () => {
    const prefix = testPrefix();
    await fleetPacingAt(admin, prefix, 50);
    const limiter = limiterOf(redisStore({ client: client as RedisClientLike, prefix, timeoutMs: 500 }));
    const released: number[] = [];
    for (let i = 0; i < 6; i++) {
      const turn = limiter.acquire();
      expect(turn).toBeInstanceOf(Promise);
      await turn;
      released.push(performance.now());
    }
    // Slots 20 ms apart. A timer that fires late shortens the next gap (its slot was reserved on time), so the
    // spacing is checked over several turns.
    // Turn 0 takes its slot when it asks; turn 5's is 100 ms of Redis's time later, whenever turn 0 got its answer.
    expect(released[5] - released[0]).toBeGreaterThanOrEqual(5 * 20 - 15);
    expect(released[5] - released[0]).toBeLessThan(5 * 20 + 150);
    expect(limiter.currentRate()).toBe(50);
    expect(limiter.sharing).toBe("fleet");
  });

  test("concurrent turns get distinct slots: 10 at 100/s take about 90 ms", async () => {
    const prefix = testPrefix();
    await fleetPacingAt(admin, prefix, 100);
    const limiter = limiterOf(redisStore({ client: client as RedisClientLike, prefix, timeoutMs: 500 }));
    await limiter.acquire(); // the fleet's state is learned, the script loaded
    const started = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => limiter.acquire()));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(85);
    expect(elapsed).toBeLessThan(250);
  });

  test("while the fleet does not pace, only the first call asks Redis: the others get no promise", async () => {
    const prefix = testPrefix();
    const limiter = limiterOf(redisStore({ client: client as RedisClientLike, prefix, timeoutMs: 500 }));
    const first = limiter.acquire();
    expect(first).toBeInstanceOf(Promise);
    await first;
    for (let i = 0; i < 100; i++) expect(limiter.acquire()).toBeUndefined();
    expect(limiter.currentRate()).toBeUndefined();
  });

  test("every key carries the quota's hash tag and a TTL", async () => {
    const prefix = testPrefix();
    await fleetPacingAt(admin, prefix, 200);
    await admin.pExpire(keyOf(prefix, "ctl"), 60_000);
    const limiter = limiterOf(redisStore({ client: client as RedisClientLike, prefix, timeoutMs: 500 }));
    await limiter.acquire();
    limiter.onResponse({ throttled: false, latencyMs: 3 });
    await sleep(300);
    await limiter.acquire();
    await sleep(50);
    const keys = await admin.keys(`${prefix}*`);
    expect(keys.sort()).toEqual(["fb", "leader", "members", "tat", "ctl"].map((suffix) => `${prefix}{Pinpoint|us-east-1}:${suffix}`).sort());
    for (const key of keys) {
      const ttl = await admin.pTTL(key);
      expect(ttl).toBeGreaterThan(0);
    }
  });

  test("a quota of an operation of its own has keys of its own", async () => {
    const prefix = testPrefix();
    const store = redisStore({ client: client as RedisClientLike, prefix, timeoutMs: 500 });
    await limiterOf(store, { service: "Pinpoint", region: "eu-west-1", operation: "SendMessages" }).acquire();
    await sleep(50);
    expect(await admin.keys(`${prefix}*`)).toContain(`${prefix}{Pinpoint|eu-west-1|SendMessages}:members`);
  });

  test("bad data (a string under the control hash, a rate that is no number) and a flushed script cache: no throw, no warning, the store mends the keys", async () => {
    const prefix = testPrefix();
    const logger = recordingLogger();
    await admin.set(keyOf(prefix, "ctl"), "not a hash");
    await admin.set(keyOf(prefix, "members"), "not a zset");
    const limiter = limiterOf(redisStore({ client: client as RedisClientLike, prefix, timeoutMs: 500, logger }));
    await expect(limiter.acquire()).resolves.toBeUndefined();
    expect(await admin.type(keyOf(prefix, "ctl"))).not.toBe("string");
    expect(limiter.sharing).toBe("fleet");

    await admin.set(keyOf(prefix, "leader"), "another-process", { PX: 60_000 });
    await admin.hSet(keyOf(prefix, "ctl"), "rate", "fast");
    await admin.scriptFlush();
    await sleep(1100); // the fleet's state is stale: the next call asks Redis
    await expect(limiter.acquire()).resolves.toBeUndefined();
    expect(limiter.currentRate()).toBeUndefined();
    expect(logger.lines).toEqual([]);
  });

  test("leaves no timer behind: each command's deadline is cleared when its reply comes", async () => {
    const prefix = testPrefix();
    await fleetPacingAt(admin, prefix, 500);
    const limiter = limiterOf(redisStore({ client: client as RedisClientLike, prefix, timeoutMs: 1000 }));
    await limiter.acquire();
    const before = liveTimers();
    for (let i = 0; i < 5; i++) {
      await limiter.acquire();
      limiter.onResponse({ throttled: false });
    }
    await sleep(300);
    limiter.onResponse({ throttled: false }); // a flush
    // Replies come within a few ms: by then every deadline timer is gone.
    for (let i = 0; i < 20 && liveTimers() > before; i++) await sleep(10);
    expect(liveTimers()).toBeLessThanOrEqual(before);
  });
});

maybe("redisStore and the caller's abort", () => {
  let client: NodeRedisClient;
  beforeAll(async () => {
    client = await nodeRedis(server!.url);
  });
  afterAll(async () => {
    if (client) await closeClient(client);
  });

  test("a turn is reserved at most 250 ms ahead: callers beyond ask again, and a rate that rose serves them at once", async () => {
    const prefix = testPrefix();
    await fleetPacingAt(admin, prefix, 20);
    const limiter = limiterOf(redisStore({ client, prefix, timeoutMs: 500 }));
    await limiter.acquire();
    const started = performance.now();
    const turns = Array.from({ length: 30 }, () => limiter.acquire());
    await sleep(30);
    // At most the horizon's worth (and one interval) is reserved on Redis.
    expect(await admin.pTTL(keyOf(prefix, "tat"))).toBeLessThanOrEqual(250 + 50 + 1000 + 5);
    await admin.hSet(keyOf(prefix, "ctl"), "rate", "1000");
    await Promise.all(turns);
    // At 20/s the 30 turns would take 1.5 s; the ones beyond the horizon go at 1000/s once they ask again.
    expect(performance.now() - started).toBeLessThan(700);
  });

  test("an aborted wait for a fleet's turn ends at once, settled (never rejected), and leaves no timer", async () => {
    const prefix = testPrefix();
    await fleetPacingAt(admin, prefix, 2);
    const limiter = limiterOf(redisStore({ client, prefix, timeoutMs: 500 }));
    await limiter.acquire();
    const before = liveTimers();
    const controller = new AbortController();
    const turn = limiter.acquire(controller.signal);
    await sleep(50); // waiting for its slot, 500 ms away
    expect(limiter.waiting).toBe(1);
    const started = performance.now();
    controller.abort();
    await expect(turn).resolves.toBeUndefined();
    expect(performance.now() - started).toBeLessThan(50);
    expect(limiter.waiting).toBe(0);
    expect(liveTimers()).toBeLessThanOrEqual(before);
    // Already aborted: no slot is taken, no promise made.
    expect(limiter.acquire(AbortSignal.abort())).toBeUndefined();
  });
});
