/**
 * A connected Redis client of either kind the store accepts, set up as the README advises for a fleet:
 * no offline queue (a command while disconnected fails at once rather than waiting for the reconnection,
 * and the store falls back to its local limiter), and quick reconnection attempts.
 */
import { Redis } from "ioredis";
import { createClient } from "redis";
import type { RedisClientKind } from "./protocol";

/** A connected client and how to let it go. */
export interface ConnectedRedis {
  /** The node-redis or ioredis client, for `redisStore({ client })`. */
  client: unknown;
  close(): Promise<void>;
}

/** Reconnects every 100 ms at most 500 ms apart: a restarted server is found again within half a second. */
const reconnectDelay = (attempt: number) => Math.min(100 * (attempt + 1), 500);

/** Connects a client of `kind` to `url`. Connection errors after the first connect are left to the store. */
export async function connectRedis(kind: RedisClientKind, url: string): Promise<ConnectedRedis> {
  if (kind === "node-redis") {
    const client = createClient({ url, disableOfflineQueue: true, socket: { reconnectStrategy: reconnectDelay, connectTimeout: 1000 } });
    // Without a listener an "error" event (the server went away) would end the process.
    client.on("error", () => undefined);
    await client.connect();
    return { client, close: async () => client.destroy() };
  }
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: reconnectDelay, lazyConnect: true, connectTimeout: 1000 });
  client.on("error", () => undefined);
  await client.connect();
  return { client, close: async () => client.disconnect() };
}
