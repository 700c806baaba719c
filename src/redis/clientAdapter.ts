import { createHash } from "node:crypto";

/**
 * The commands of a node-redis client (v5 or later: `createClient()`, `createCluster()`) that the store uses.
 * Typed structurally, so that neither client's types are needed to compile against this package.
 */
export interface NodeRedisClientLike {
  /** EVALSHA, node-redis style. */
  evalSha(sha1: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  /** EVAL, node-redis style. */
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** The commands of an ioredis client (v5 or later: `new Redis()`, `new Cluster()`) that the store uses. */
export interface IoRedisClientLike {
  /** EVALSHA, ioredis style: the number of keys, then the keys and the arguments. */
  evalsha(sha1: string, numKeys: number, ...keysAndArguments: string[]): Promise<unknown>;
  /** EVAL, ioredis style. */
  eval(script: string, numKeys: number, ...keysAndArguments: string[]): Promise<unknown>;
}

/** A connected node-redis or ioredis client (or cluster), created, connected and closed by you. */
export type RedisClientLike = NodeRedisClientLike | IoRedisClientLike;

/** A Lua script, with the SHA1 Redis knows it by. */
export interface LuaScript {
  /** Its name, for messages. */
  readonly name: string;
  readonly source: string;
  readonly sha1: string;
}

/** Builds a {@link LuaScript} from its source. */
export function luaScript(name: string, source: string): LuaScript {
  return { name, source, sha1: createHash("sha1").update(source).digest("hex") };
}

/** Runs a Lua script on either client. */
export interface ScriptRunner {
  /** Which client it drives. */
  readonly kind: "node-redis" | "ioredis";
  /** EVALSHA, and EVAL when Redis does not know the script (a restart, SCRIPT FLUSH, another node of a cluster). */
  run(script: LuaScript, keys: string[], args: string[]): Promise<unknown>;
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

function hasFunctions(value: unknown, ...names: string[]): boolean {
  return typeof value === "object" && value !== null && names.every((name) => typeof (value as Record<string, unknown>)[name] === "function");
}

/**
 * The runner for `client`. node-redis names its commands in camelCase (`evalSha`), ioredis in lower case
 * (`evalsha`); either way EVAL loads the script as it runs it, so a NOSCRIPT costs one EVAL and the next
 * EVALSHA finds it.
 * @throws TypeError when `client` is neither.
 */
export function adaptClient(client: unknown): ScriptRunner {
  if (hasFunctions(client, "evalSha", "eval")) {
    const nodeRedis = client as NodeRedisClientLike;
    return {
      kind: "node-redis",
      run: (script, keys, args) =>
        nodeRedis.evalSha(script.sha1, { keys, arguments: args }).catch((error: unknown) => {
          if (!isNoScript(error)) throw error;
          return nodeRedis.eval(script.source, { keys, arguments: args });
        }),
    };
  }
  if (hasFunctions(client, "evalsha", "eval")) {
    const ioredis = client as IoRedisClientLike;
    return {
      kind: "ioredis",
      run: (script, keys, args) =>
        ioredis.evalsha(script.sha1, keys.length, ...keys, ...args).catch((error: unknown) => {
          if (!isNoScript(error)) throw error;
          return ioredis.eval(script.source, keys.length, ...keys, ...args);
        }),
    };
  }
  const shown = client === null ? "null" : typeof client === "object" ? `an object without evalSha or evalsha` : typeof client;
  throw new TypeError(
    `smithy-resilience: redisStore({ client }) needs a connected node-redis (v5+: createClient, createCluster) or ioredis (v5+: Redis, Cluster) client (got ${shown})`,
  );
}
