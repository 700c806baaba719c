/**
 * redisStore's options and the store option of createResilience: errors that name the option and what is
 * accepted. Real, unconnected clients (nothing is sent while options are checked); both clients' own types
 * fit RedisClientLike without a cast.
 */
import { Redis } from "ioredis";
import { createClient } from "redis";
import { createResilience } from "../../src";
import { redisStore } from "../../src/redis";
import type { RedisClientLike } from "../../src/redis";

const nodeRedisClient = createClient({ url: "redis://127.0.0.1:1" });
const ioredisClient = new Redis({ lazyConnect: true, port: 1 });
afterAll(() => ioredisClient.disconnect());

describe("redisStore options", () => {
  test("takes a node-redis or an ioredis client as they are typed", () => {
    const clients: RedisClientLike[] = [nodeRedisClient, ioredisClient];
    for (const client of clients) expect(redisStore({ client }).sharing).toBe("fleet");
  });

  test.each([
    ["no client", {}],
    ["a URL", { client: "redis://localhost:6379" }],
    ["an object without the commands", { client: { get: () => undefined } }],
    ["null", { client: null }],
  ])("refuses %s, naming redisStore({ client }) and both clients", (_name, options) => {
    expect(() => redisStore(options as never)).toThrow(TypeError);
    expect(() => redisStore(options as never)).toThrow(/redisStore\(\{ client \}\) needs a connected node-redis \(v5\+.*\) or ioredis \(v5\+.*\) client/);
  });

  test.each([[""], ["a{b}"], ["x".repeat(101)], [5]])("refuses prefix %j with the accepted form", (prefix) => {
    expect(() => redisStore({ client: nodeRedisClient, prefix: prefix as string })).toThrow(
      /option "prefix" of redisStore\(\) must be a non-empty string of at most 100 characters without \{ or \}/,
    );
  });

  test.each([[0], [1001], [2.5], ["5"], [Number.NaN]])("refuses timeoutMs %j with the accepted range", (timeoutMs) => {
    expect(() => redisStore({ client: ioredisClient, timeoutMs: timeoutMs as number })).toThrow(
      /option "timeoutMs" of redisStore\(\) must be an integer from 1 to 1000 \(ms\)/,
    );
  });

  test("accepts timeoutMs 1 and 1000, and a prefix of 100 characters", () => {
    expect(() => redisStore({ client: ioredisClient, timeoutMs: 1, prefix: "p".repeat(100) })).not.toThrow();
    expect(() => redisStore({ client: ioredisClient, timeoutMs: 1000 })).not.toThrow();
  });

  test("refuses a logger without warn, or with an info that is no function", () => {
    expect(() => redisStore({ client: nodeRedisClient, logger: {} as never })).toThrow(/option "logger" of redisStore\(\) must be an object with a warn function/);
    expect(() => redisStore({ client: nodeRedisClient, logger: { warn: () => undefined, info: 5 } as never })).toThrow(/option "logger.info"/);
  });

  test("each store is a process of its own: a random id, nothing of the host", () => {
    const a = redisStore({ client: nodeRedisClient });
    const b = redisStore({ client: nodeRedisClient });
    expect(a.processId).toMatch(/^[0-9a-f]{16}$/);
    expect(a.processId).not.toBe(b.processId);
  });
});

describe("createResilience({ store })", () => {
  test("needs the rate limiter on", () => {
    expect(() => createResilience({ store: redisStore({ client: nodeRedisClient }), rateLimiter: false })).toThrow(
      /option "store" must be given with rateLimiter "adaptive" \(the default\)/,
    );
    expect(() => createResilience({ store: redisStore({ client: nodeRedisClient }) })).not.toThrow();
  });

  test("refuses the factory, or an object that is no store", () => {
    expect(() => createResilience({ store: redisStore as never })).toThrow(/option "store" must be a quota store such as redisStore\(\{ client \}\).*the factory's result/);
    expect(() => createResilience({ store: {} as never })).toThrow(/option "store" must be a quota store/);
  });
});
