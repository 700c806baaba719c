/**
 * The store through a real PinpointClient (an in-memory request handler, a real redis-server): sends one
 * after another and concurrently, a fleet that paces, an operation metered on its own, and `r.snapshot()`
 * telling whether each quota is shared ("fleet") or paced locally.
 */
import { GetAppsCommand } from "@aws-sdk/client-pinpoint";
import { createResilience } from "../../src";
import { redisStore } from "../../src/redis";
import type { RedisServerHandle } from "../support/redisServer";
import { redisServerAvailable, startRedisServer } from "../support/redisServer";
import { okReply, scriptedHandler } from "../support/inMemoryHandler";
import { pinpointClient, sendMessages } from "../support/clients";
import type { NodeRedisClient } from "./support";
import { closeClient, fleetPacingAt, keyOf, nodeRedis, testPrefix } from "./support";

const maybe = redisServerAvailable() ? describe : describe.skip;

maybe("a PinpointClient with a Redis store", () => {
  let server: RedisServerHandle;
  let admin: NodeRedisClient;
  let client: NodeRedisClient;
  beforeAll(async () => {
    server = (await startRedisServer())!;
    [admin, client] = await Promise.all([nodeRedis(server.url), nodeRedis(server.url)]);
  });
  afterAll(async () => {
    await Promise.all([admin, client].map((c) => c && closeClient(c)));
    await server?.stop();
  });

  test("sends, one after another and concurrently; the snapshot shows each quota shared", async () => {
    const prefix = testPrefix();
    const r = createResilience({ store: redisStore({ client, prefix, timeoutMs: 200 }) });
    const handler = scriptedHandler([okReply({ ApplicationsResponse: { Item: [] } })]);
    const pinpoint = pinpointClient({ resilience: r, requestHandler: handler });
    for (let i = 0; i < 3; i++) await pinpoint.send(new GetAppsCommand({}));
    await Promise.all(Array.from({ length: 20 }, () => pinpoint.send(new GetAppsCommand({}))));
    expect(handler.requests).toHaveLength(23);
    const [route] = r.snapshot().routes;
    expect(route.pacing).toEqual({ ratePerSecond: undefined, queueDepth: 0, sharing: "fleet" });
    // The process is a member of the quota's fleet.
    expect(await admin.zCard(keyOf(prefix, "members", { service: "Pinpoint", region: "us-east-1" }))).toBe(1);
    expect(JSON.stringify(r.snapshot())).not.toMatch(/redis:\/\//);
  });

  test("a fleet that paces spaces the sends at its rate, SendMessages on its own quota; the snapshot shows the fleet's rate", async () => {
    const prefix = testPrefix();
    await fleetPacingAt(admin, prefix, 100, 1);
    await fleetPacingAt(admin, prefix, 50, 1, { service: "Pinpoint", region: "us-east-1", operation: "SendMessages" });
    const r = createResilience({ store: redisStore({ client, prefix, timeoutMs: 200 }) });
    const handler = scriptedHandler(() => okReply({ ApplicationsResponse: { Item: [] }, MessageResponse: { Result: {} } }));
    const pinpoint = pinpointClient({ resilience: r, requestHandler: handler });
    const started = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => pinpoint.send(new GetAppsCommand({}))));
    // Ten turns at 100/s: about 90 ms (the first one free).
    expect(performance.now() - started).toBeGreaterThanOrEqual(80);
    const sendsStarted = performance.now();
    await Promise.all(Array.from({ length: 5 }, () => pinpoint.send(sendMessages())));
    expect(performance.now() - sendsStarted).toBeGreaterThanOrEqual(75);
    expect(handler.requests).toHaveLength(15);
    // Neither a phone number nor a message body reaches Redis.
    const keys = await admin.keys(`${prefix}*`);
    expect(keys.join(" ")).not.toMatch(/\+1555|hello/);
    const [route] = r.snapshot().routes;
    expect(route.pacing).toEqual({
      ratePerSecond: 100,
      queueDepth: 0,
      sharing: "fleet",
      operations: { SendMessages: { ratePerSecond: 50, queueDepth: 0, sharing: "fleet" } },
    });
  });
});
