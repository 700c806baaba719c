import type { QuotaScope } from "../rateLimiter/QuotaLimiter";
import type { LuaScript } from "./clientAdapter";
import { luaScript } from "./clientAdapter";

/**
 * The Lua scripts of the Redis store and the keys they use. Every key of a quota carries the quota's scope
 * as a hash tag (`prefix{Pinpoint|us-east-1}:ctl`), so a Redis Cluster keeps them in one slot and one
 * script can use them all. Times come from Redis's own `TIME`, never from a process's clock, and the
 * scripts return durations, never timestamps. Every write sets a TTL, so abandoned keys go away. A key
 * of the wrong type (someone else's data) is deleted and rebuilt, never a reason to fail.
 */

/** The keys of one quota. */
export interface QuotaKeys {
  /** STRING: GCRA's theoretical arrival time, ms on Redis's clock. */
  readonly tat: string;
  /** HASH: `rate`, the fleet's pacing rate in requests/s (0 or absent: the fleet does not pace). */
  readonly ctl: string;
  /** HASH: the fleet's counts since the leader last read them. */
  readonly feedback: string;
  /** ZSET: process id -> when it last flushed (ms on Redis's clock). */
  readonly members: string;
  /** STRING: the id of the process whose controller learns the rate; with a lease. */
  readonly leader: string;
}

/** A scope's name part: letters, digits and `._-` only (no hash-tag braces, no separators, nothing of a request). */
function sanitized(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 100);
}

/** The scope's name in keys: service|region[|operation]. */
export function scopeName(scope: QuotaScope): string {
  const parts = [scope.service, scope.region];
  if (scope.operation !== undefined) parts.push(scope.operation);
  return parts.map(sanitized).join("|");
}

/** The keys of `scope` under `prefix`, hash-tagged by the scope. */
export function quotaKeys(prefix: string, scope: QuotaScope): QuotaKeys {
  const base = `${prefix}{${scopeName(scope)}}:`;
  return { tat: `${base}tat`, ctl: `${base}ctl`, feedback: `${base}fb`, members: `${base}members`, leader: `${base}leader` };
}

/** Shared head of every script: Redis's time in ms, and a guard against keys of the wrong type. */
const PRELUDE = `
local function nowMs()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
end
local function expect(key, kind)
  local found = redis.call('TYPE', key)['ok']
  if found ~= kind and found ~= 'none' then redis.call('DEL', key) end
end
`;

/**
 * One request's turn. KEYS: tat, ctl, members. ARGV: burstMs.
 * Returns { waitUs, rate, members }: while the fleet does not pace, { 0, "0", members } and nothing is
 * written; else GCRA at the fleet's rate, admitting `burstMs` worth of requests at once (at least one):
 * the request is given the next slot and told how long to wait for it, in microseconds.
 */
export const ACQUIRE: LuaScript = luaScript(
  "acquire",
  `${PRELUDE}
expect(KEYS[1], 'string'); expect(KEYS[2], 'hash'); expect(KEYS[3], 'zset')
local rate = tonumber(redis.call('HGET', KEYS[2], 'rate') or '0') or 0
local members = redis.call('ZCARD', KEYS[3])
if rate <= 0 then return {0, '0', members} end
local now = nowMs()
local interval = 1000 / rate
local tolerance = math.max(0, tonumber(ARGV[1]) - interval)
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0') or 0, now)
local wait = math.max(0, tat - now - tolerance)
local nextTat = tat + interval
redis.call('SET', KEYS[1], string.format('%.3f', nextTat), 'PX', math.ceil(nextTat - now) + 1000)
return {math.floor(wait * 1000), string.format('%.6f', rate), members}
`,
);

/** The counts a process sends, in the order FLUSH takes and returns them. */
export const FEEDBACK_FIELDS = ["accepted", "throttled", "demand", "retries", "latencySumMs", "latencyCount"] as const;

/**
 * A process's counts since its last flush, its membership, and the leader's lease.
 * KEYS: feedback, members, leader, ctl. ARGV: processId, the six FEEDBACK_FIELDS, leaseMs, memberIdleMs, feedbackTtlMs.
 * Adds the counts to the fleet's; marks the process a member now and forgets members idle for memberIdleMs;
 * takes the leader's lease when nobody holds it, or renews it when the process holds it.
 * Returns { rate, members, isLeader, ...counts }: the counts of the whole fleet (read and reset at once)
 * when the process leads, else zeros.
 */
export const FLUSH: LuaScript = luaScript(
  "flush",
  `${PRELUDE}
expect(KEYS[1], 'hash'); expect(KEYS[2], 'zset'); expect(KEYS[3], 'string'); expect(KEYS[4], 'hash')
local fields = {${FEEDBACK_FIELDS.map((field) => `'${field}'`).join(", ")}}
local any = false
for i, field in ipairs(fields) do
  local n = math.floor(tonumber(ARGV[i + 1]) or 0)
  if n > 0 then
    redis.call('HINCRBY', KEYS[1], field, n)
    any = true
  end
end
if any then redis.call('PEXPIRE', KEYS[1], ARGV[10]) end
local now = math.floor(nowMs())
redis.call('ZADD', KEYS[2], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[9]))
redis.call('PEXPIRE', KEYS[2], ARGV[9])
local members = redis.call('ZCARD', KEYS[2])
local holder = redis.call('GET', KEYS[3])
local leader = 0
if not holder then
  redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[8])
  leader = 1
elseif holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[3], ARGV[8])
  leader = 1
end
local reply = {redis.call('HGET', KEYS[4], 'rate') or '0', members, leader}
local counts = {}
if leader == 1 then counts = redis.call('HMGET', KEYS[1], unpack(fields)) end
for i = 1, #fields do reply[3 + i] = math.floor(tonumber(counts[i]) or 0) end
if leader == 1 then redis.call('DEL', KEYS[1]) end
return reply
`,
);

/**
 * The leader's rate for the fleet. KEYS: ctl, leader. ARGV: rate (0: not pacing), processId, ctlTtlMs.
 * Written only while the process holds the lease (a leader that lost it writes nothing). Returns 1 when written.
 */
export const PUBLISH: LuaScript = luaScript(
  "publish",
  `${PRELUDE}
expect(KEYS[1], 'hash'); expect(KEYS[2], 'string')
if redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end
redis.call('HSET', KEYS[1], 'rate', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`,
);
