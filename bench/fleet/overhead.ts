/**
 * The store's CPU cost per call while the fleet does not pace: the same client in memory (no network,
 * bench/inMemoryHandler.ts) with and without the store attached, in interleaved rounds, as the overhead
 * scenario measures (bench/interleaved.ts). While the fleet does not pace nothing goes to Redis on a
 * call's path, so the figure is the store's bookkeeping alone; its Redis round trip, when the fleet
 * paces, is measured apart (roundTrip.ts).
 */
import { PinpointClient, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import { createResilience } from "../../src";
import { redisStore } from "../../src/redis";
import { createSeededRandom } from "../../src/testing";
import { inMemoryHandler } from "../inMemoryHandler";
import type { InterleavedPlan } from "../interleaved";
import { compareCpuPerCall } from "../interleaved";
import type { BenchClient, VariantId } from "../variants";
import { BASELINE } from "../variants";
import { connectRedis } from "./redisClients";

/** The store's CPU per call against the same stack without it. */
export interface StoreCpuOverhead {
  /** Median CPU µs per call, without and with the store. */
  withoutStoreMicros: number | null;
  withStoreMicros: number | null;
  /** Median of per-round ratios (with / without), and its seeded 95% bootstrap interval. */
  ratio: number | null;
  ratioLow: number | null;
  ratioHigh: number | null;
  rounds: number;
  callsPerRound: number;
  /** Times the store stopped sharing during the measure (0: it did its full work throughout). */
  wentLocal: number;
}

/** `compareCpuPerCall` takes its ratios against the bench's baseline key: here it holds the stack without the store. */
const WITHOUT_STORE: VariantId = BASELINE;
const WITH_STORE: VariantId = "smithy-resilience";

function inMemoryClient(seed: number, store?: ReturnType<typeof redisStore>): BenchClient {
  const resilience = createResilience({ clock: { random: createSeededRandom(seed) }, ...(store ? { store } : {}) });
  const client = new PinpointClient({
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDFLEET", secretAccessKey: "fleet-secret" },
    requestHandler: inMemoryHandler() as never,
    retryStrategy: resilience.retryStrategy,
  });
  client.middlewareStack.use(resilience.plugin);
  const command = () =>
    new SendMessagesCommand({
      ApplicationId: "fleet-app",
      MessageRequest: {
        Addresses: { "+15555550100": { ChannelType: "SMS" } },
        MessageConfiguration: { SMSMessage: { Body: "fleet", MessageType: "TRANSACTIONAL" } },
      },
    });
  return { send: () => client.send(command()), destroy: () => client.destroy() };
}

/** Measures the store's CPU overhead in memory, with a node-redis client connected to `redisUrl`. */
export async function measureStoreCpu(redisUrl: string, plan: InterleavedPlan, prefix: string): Promise<StoreCpuOverhead> {
  const redis = await connectRedis("node-redis", redisUrl);
  let warnings = 0;
  const clients = new Map<VariantId, BenchClient>([
    [WITHOUT_STORE, inMemoryClient(plan.seed)],
    // The longest deadline: a flush whose reply waits behind a round of in-memory calls (they run on
    // microtasks alone) must not send the store local, where it would skip its flushes and look cheaper.
    [WITH_STORE, inMemoryClient(plan.seed, redisStore({ client: redis.client as never, prefix, timeoutMs: 1000, logger: { warn: () => warnings++ } }))],
  ]);
  try {
    const measured = await compareCpuPerCall(clients, plan);
    const without = measured.get(WITHOUT_STORE);
    const withStore = measured.get(WITH_STORE);
    return {
      withoutStoreMicros: without?.cpuMicrosPerCall ?? null,
      withStoreMicros: withStore?.cpuMicrosPerCall ?? null,
      ratio: withStore?.ratioToBaseline ?? null,
      ratioLow: withStore?.ratioLow ?? null,
      ratioHigh: withStore?.ratioHigh ?? null,
      rounds: plan.rounds,
      callsPerRound: plan.callsPerRound,
      wentLocal: warnings,
    };
  } finally {
    for (const client of clients.values()) client.destroy();
    await redis.close();
  }
}
