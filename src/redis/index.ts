/**
 * `smithy-resilience/redis`: one learned rate per quota across a fleet of processes, for
 * `createResilience({ store: redisStore({ client }) })`. Works with a node-redis or an ioredis client (both
 * optional peer dependencies of this package; a program that does not import this entry point needs
 * neither).
 * @packageDocumentation
 * @module smithy-resilience/redis
 */
export { redisStore } from "./redisStore";
export type { RedisStore, RedisStoreOptions } from "./redisStore";
export type { RedisStoreLogger } from "./link";
export type { IoRedisClientLike, NodeRedisClientLike, RedisClientLike } from "./clientAdapter";
