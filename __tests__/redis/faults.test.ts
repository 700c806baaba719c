/**
 * Redis failing under a pacing fleet, on a redis-server of the test's own: stopped, then restarted, and
 * paused (slower than the deadline). No call fails or waits past the deadline because of it; calls pace
 * locally at the fleet's last rate divided by its size, with one warning; sharing resumes by itself.
 * The store's own clock (when to try Redis again) is moved by hand; Redis's and the timers are real.
 */
import type { Redis } from "ioredis";
import type { Clock } from "../../src/clock";
import { systemClock } from "../../src/clock";
import type { QuotaLimiter } from "../../src/rateLimiter";
import { redisStore } from "../../src/redis";
import type { RedisClientLike } from "../../src/redis";
import { REDIS_FAILING_FOR_MS, REDIS_LOCAL_MS } from "../../src/constants";
import type { RedisServerHandle } from "../support/redisServer";
import { redisServerAvailable, startRedisServer } from "../support/redisServer";
import type { NodeRedisClient } from "./support";
import { closeClient, fleetPacingAt, ioredis, limiterOf, liveTimers, nodeRedis, recordingLogger, SCOPE, sleep, testPrefix } from "./support";

const maybe = redisServerAvailable({ own: true }) ? describe : describe.skip;

/** The real clock, but the test can jump it forward. */
function jumpingClock() {
  const clock = { offsetMs: 0, now: () => performance.now() + clock.offsetMs, sleep: systemClock.sleep };
  return clock;
}

/**
 * The real clock at a tenth of its pace: a stall that a busy machine (tests run two at a time) stretches tenfold
 * still spans less of this clock than it really lasted.
 */
function slowClock() {
  const startedAt = performance.now();
  return { now: () => startedAt + (performance.now() - startedAt) / 10, sleep: systemClock.sleep };
}

/** Waits until Redis answers a PING within 5 ms, five times in a row: it has worked through what was queued. */
async function untilIdle(admin: NodeRedisClient): Promise<void> {
  for (let quick = 0, i = 0; quick < 5 && i < 200; i++) {
    const started = performance.now();
    await admin.ping();
    quick = performance.now() - started < 5 ? quick + 1 : 0;
    await sleep(10);
  }
}

function isReady(client: NodeRedisClient | Redis): boolean {
  return "status" in client ? client.status === "ready" : client.isReady;
}

async function untilReady(client: NodeRedisClient | Redis): Promise<void> {
  for (let i = 0; i < 200 && !isReady(client); i++) await sleep(20);
  expect(isReady(client)).toBe(true);
}

/** Pauses Redis for `pauseMs` and takes turns one after another for `forMs` from then; how many were taken. */
async function callsThroughPause(pauser: NodeRedisClient, limiter: QuotaLimiter, pauseMs: number, forMs: number): Promise<number> {
  await pauser.sendCommand(["CLIENT", "PAUSE", String(pauseMs), "ALL"]);
  const pausedAt = performance.now();
  let calls = 0;
  for (; performance.now() - pausedAt < forMs; calls++) await limiter.acquire();
  return calls;
}

/** Times `turn` (an acquire's result), ms. */
async function timed(turn: Promise<void> | undefined): Promise<number> {
  const started = performance.now();
  await turn;
  return performance.now() - started;
}

maybe("Redis fails under a pacing fleet", () => {
  let server: RedisServerHandle;
  let admin: NodeRedisClient;
  beforeAll(async () => {
    server = (await startRedisServer({ own: true }))!;
    admin = await nodeRedis(server.url);
  });
  afterAll(async () => {
    if (admin) await closeClient(admin);
    await server?.stop();
  });

  describe.each([
    ["node-redis", nodeRedis],
    ["ioredis", ioredis],
  ] as Array<[string, (url: string) => Promise<NodeRedisClient | Redis>]>)("through %s", (_kind, connect) => {
    test("stopped: local at rate / members within the deadline, one warning, no URL; restarted: sharing resumes", async () => {
      await untilReady(admin);
      const client = await connect(server.url);
      try {
        const prefix = testPrefix();
        await fleetPacingAt(admin, prefix, 40, 1); // another process, and this one: 2 members
        const logger = recordingLogger();
        const clock = jumpingClock();
        const timeoutMs = 20;
        const limiter = limiterOf(redisStore({ client: client as RedisClientLike, prefix, timeoutMs, logger }), SCOPE, clock);
        await limiter.acquire();
        expect(limiter.currentRate()).toBe(40);

        await server.stop();
        // Every call goes on: the first ones after a failed command, within its deadline, then locally.
        const waits: number[] = [];
        for (let i = 0; i < 8; i++) waits.push(await timed(limiter.acquire()));
        expect(limiter.sharing).toBe("local");
        // Paced at the process's share of the fleet's rate: 40 / 2 processes.
        expect(limiter.currentRate()).toBeCloseTo(20, 0);
        for (const wait of waits) expect(wait).toBeLessThan(timeoutMs + 1000 / 20 + 60);
        const spaced = waits.slice(4);
        expect(spaced.reduce((sum, wait) => sum + wait, 0)).toBeGreaterThanOrEqual(spaced.length * 50 - 20);
        expect(logger.lines).toHaveLength(1);
        expect(logger.lines[0]).toMatchObject({ level: "warn" });
        expect(logger.lines[0].text).toMatch(/^smithy-resilience: Redis unreachable \(.+\), pacing locally/);
        expect(logger.lines[0].text).not.toMatch(/redis:\/\//);

        // Still down when the store tries again: it stays local, and says nothing more.
        clock.offsetMs += REDIS_LOCAL_MS;
        await limiter.acquire();
        expect(limiter.sharing).toBe("local");
        expect(logger.lines).toHaveLength(1);

        await server.restart();
        await untilReady(client);
        await untilReady(admin);
        clock.offsetMs += REDIS_LOCAL_MS;
        // The next command tries Redis (this call's piggybacked flush, or its turn); its reply resumes sharing.
        await limiter.acquire();
        for (let i = 0; i < 50 && limiter.sharing === "local"; i++) await sleep(5);
        expect(limiter.sharing).toBe("fleet");
        // The restarted Redis knows no rate (no persistence): the fleet does not pace, and calls are free again.
        expect(limiter.currentRate()).toBeUndefined();
        expect(limiter.acquire()).toBeUndefined();
        expect(logger.lines).toHaveLength(2);
        expect(logger.lines[1]).toMatchObject({ level: "info" });
        expect(logger.lines[1].text).toMatch(/Redis answers again/);
      } finally {
        await closeClient(client);
      }
    }, 20_000);
  });

  /**
   * A store's limiter on a fleet pacing at 1000/s (after a first turn unless `firstTurn` is false), on `clock`;
   * its logger; and a client to pause Redis with.
   */
  async function pacedStore({ firstTurn = true, clock }: { firstTurn?: boolean; clock?: Pick<Clock, "now" | "sleep"> } = {}) {
    await untilReady(admin);
    const client = await nodeRedis(server.url);
    const pauser = await nodeRedis(server.url);
    const prefix = testPrefix();
    await fleetPacingAt(admin, prefix, 1000, 0);
    const logger = recordingLogger();
    const limiter = limiterOf(redisStore({ client, prefix, logger }), SCOPE, clock);
    if (firstTurn) await limiter.acquire();
    const close = async () => {
      await closeClient(pauser);
      await closeClient(client);
    };
    return { limiter, logger, pauser, close };
  }

  test("a busy process: a reply that came in time is taken, though the process reads it after the deadline", async () => {
    const { limiter, logger, close } = await pacedStore();
    try {
      // Three in a row would take the store local; each time the event loop is held past the 5 ms deadline
      // while Redis's reply (well under a millisecond on loopback) waits in the socket.
      for (let i = 0; i < 3; i++) {
        const turn = limiter.acquire();
        // The command is written (the client writes it on an immediate of its own), its reply not yet read.
        for (let i = 0; i < 2; i++) await new Promise((resolve) => setImmediate(resolve));
        const heldUntil = performance.now() + 30;
        while (performance.now() < heldUntil);
        await turn;
      }
      expect(limiter.sharing).toBe("fleet");
      expect(logger.lines).toEqual([]);
    } finally {
      await close();
    }
  });

  test("a process just started: its first commands miss the deadline for 300 ms, and it does not go local before Redis first answered", async () => {
    const { limiter, logger, pauser, close } = await pacedStore({ firstTurn: false });
    try {
      expect(await callsThroughPause(pauser, limiter, 300, 450)).toBeGreaterThanOrEqual(20);
      expect(limiter.sharing).toBe("fleet");
      expect(logger.lines).toEqual([]);
    } finally {
      await close();
      // Redis works through the commands queued in the pause, the late ones of this test's included.
      await untilIdle(admin);
    }
  });

  test("a short stall (Redis paused 30 ms): the calls in it miss the deadline and take local turns, but the store keeps sharing", async () => {
    // The store's clock runs slow, so the stall spans less than REDIS_FAILING_FOR_MS of it however busy the machine.
    const { limiter, logger, pauser, close } = await pacedStore({ clock: slowClock() });
    try {
      expect(await callsThroughPause(pauser, limiter, 30, 150)).toBeGreaterThanOrEqual(5);
      expect(limiter.sharing).toBe("fleet");
      expect(logger.lines).toEqual([]);
    } finally {
      await close();
    }
  });

  test("slower than the deadline (CLIENT PAUSE): each call waits at most the deadline (5 ms by default); after 100 ms of misses the store paces locally; every timer is cleared", async () => {
    const { limiter, logger, pauser, close } = await pacedStore();
    try {
      const before = liveTimers();
      await pauser.sendCommand(["CLIENT", "PAUSE", "400", "ALL"]);
      const waits: number[] = [];
      const pausedAt = performance.now();
      while (limiter.sharing === "fleet" && performance.now() - pausedAt < 350) waits.push(await timed(limiter.acquire()));
      // Misses for REDIS_FAILING_FOR_MS (100 ms) before it goes local: a stalled process misses a few at once.
      // (Counted from the first miss, which can be a flush of the counts sent just before the pause.)
      expect(performance.now() - pausedAt).toBeGreaterThanOrEqual(REDIS_FAILING_FOR_MS / 2);
      for (let i = 0; i < 3; i++) waits.push(await timed(limiter.acquire()));
      // 5 ms of deadline and a turn of the local limiter at 1000/s; the event loop of a busy machine (tests run
      // two at a time) adds some, so the bound is loose for each call and tight for the median.
      for (const wait of waits) expect(wait).toBeLessThan(60);
      expect([...waits].sort((a, b) => a - b)[Math.floor(waits.length / 2)]).toBeLessThan(5 + 1 + 15);
      expect(limiter.sharing).toBe("local");
      expect(logger.lines).toHaveLength(1);
      expect(logger.lines[0].text).toMatch(/no reply within 5 ms/);
      await sleep(20); // past the deadline of a flush of the counts that may still be in flight
      expect(liveTimers()).toBeLessThanOrEqual(before);
      await sleep(430); // the late replies arrive, and change nothing
      expect(limiter.sharing).toBe("local");
    } finally {
      await close();
    }
  }, 10_000);
});
