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
  /** HASH: the fleet's counts by slot of Redis's clock, until the leader reads them. */
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
 * One request's turn. KEYS: tat, ctl, members. ARGV: burstMs, horizonMs.
 * Returns { waitUs, rate, members, reserved }: while the fleet does not pace, { 0, "0", members, 1 } and
 * nothing is written; else GCRA at the fleet's rate, admitting `burstMs` worth of requests at once (at
 * least one): the request is given the next slot and told how long to wait for it, in microseconds. A slot
 * further than the horizon (horizonMs, or two intervals at a low rate) is not reserved (`reserved` 0): the
 * request asks again later, at the rate of then. Reservations made at a low rate would otherwise hold the
 * fleet at it long after the rate rose.
 */
export const ACQUIRE: LuaScript = luaScript(
  "acquire",
  `${PRELUDE}
expect(KEYS[1], 'string'); expect(KEYS[2], 'hash'); expect(KEYS[3], 'zset')
local rate = tonumber(redis.call('HGET', KEYS[2], 'rate') or '0') or 0
local members = redis.call('ZCARD', KEYS[3])
if rate <= 0 then return {0, '0', members, 1} end
local now = nowMs()
local interval = 1000 / rate
local tolerance = math.max(0, tonumber(ARGV[1]) - interval)
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0') or 0, now)
local wait = math.max(0, tat - now - tolerance)
if wait > math.max(tonumber(ARGV[2]), 2 * interval) then
  return {math.floor(wait * 1000), string.format('%.6f', rate), members, 0}
end
local nextTat = tat + interval
redis.call('SET', KEYS[1], string.format('%.3f', nextTat), 'PX', math.ceil(nextTat - now) + 1000)
return {math.floor(wait * 1000), string.format('%.6f', rate), members, 1}
`,
);

/** The counts of a slot, in the order FLUSH takes and returns them. */
export const SLOT_FIELDS = ["accepted", "throttled", "demand", "retries"] as const;

/**
 * A process's counts since its last flush, its membership, and the leader's lease.
 * KEYS: feedback, members, leader, ctl.
 * ARGV: processId, leaseMs, memberIdleMs, feedbackTtlMs, slotMs, maxLagMs, latencySumMs, latencyCount, then per
 * slot of the process's counts: its age (ms before now, the process's own measure) and the SLOT_FIELDS.
 * Adds the counts to the fleet's, each in the slot of Redis's clock its age places it in (fields
 * `slot:a|t|d|r` of the feedback hash); marks the process a member now and forgets members idle for
 * memberIdleMs; takes the leader's lease when nobody holds it, or renews it when the process holds it.
 * Returns { rate, members, isLeader, readUpToMs, latencySumMs, latencyCount, then per slot: slot, ...SLOT_FIELDS }:
 * when the process leads, the fleet's complete slots (read and removed at once, oldest first), those that
 * ended before every member that flushed within maxLagMs last flushed, and readUpToMs, where they end on
 * Redis's clock; else no slot, zeros, and readUpToMs is Redis's clock now.
 */
export const FLUSH: LuaScript = luaScript(
  "flush",
  `${PRELUDE}
expect(KEYS[1], 'hash'); expect(KEYS[2], 'zset'); expect(KEYS[3], 'string'); expect(KEYS[4], 'hash')
local now = nowMs()
local slotMs = tonumber(ARGV[5])
local names = {'a', 't', 'd', 'r'}
local wrote = false
for i = 9, #ARGV - 4, 5 do
  local slot = math.floor((now - tonumber(ARGV[i])) / slotMs)
  for j = 1, 4 do
    local n = math.floor(tonumber(ARGV[i + j]) or 0)
    if n > 0 then
      redis.call('HINCRBY', KEYS[1], string.format('%.0f:%s', slot, names[j]), n)
      wrote = true
    end
  end
end
for j, field in ipairs({'latencySumMs', 'latencyCount'}) do
  local n = math.floor(tonumber(ARGV[6 + j]) or 0)
  if n > 0 then
    redis.call('HINCRBY', KEYS[1], field, n)
    wrote = true
  end
end
if wrote then redis.call('PEXPIRE', KEYS[1], ARGV[4]) end
local nowInt = math.floor(now)
redis.call('ZADD', KEYS[2], nowInt, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', nowInt - tonumber(ARGV[3]))
redis.call('PEXPIRE', KEYS[2], ARGV[3])
local members = redis.call('ZCARD', KEYS[2])
local holder = redis.call('GET', KEYS[3])
local leader = 0
if not holder then
  redis.call('SET', KEYS[3], ARGV[1], 'PX', ARGV[2])
  leader = 1
elseif holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[3], ARGV[2])
  leader = 1
end
local reply = {redis.call('HGET', KEYS[4], 'rate') or '0', members, leader, nowInt, 0, 0}
if leader == 0 then return reply end
local oldest = redis.call('ZRANGEBYSCORE', KEYS[2], nowInt - tonumber(ARGV[6]), '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
local complete = nowInt
if oldest[2] then complete = math.min(complete, tonumber(oldest[2])) end
-- A slot's counts are filed by their midpoint's age: the slot before the one of a last flush may still grow.
local cutoff = math.floor(complete / slotMs) - 2
reply[4] = (cutoff + 1) * slotMs
local index = {a = 1, t = 2, d = 3, r = 4}
local slots, order, read = {}, {}, {}
local all = redis.call('HGETALL', KEYS[1])
for k = 1, #all, 2 do
  local field, value = all[k], math.floor(tonumber(all[k + 1]) or 0)
  if field == 'latencySumMs' then
    reply[5] = value
    table.insert(read, field)
  elseif field == 'latencyCount' then
    reply[6] = value
    table.insert(read, field)
  else
    local slotText, name = string.match(field, '^(-?%d+):(%a)$')
    local slot = tonumber(slotText)
    if slot == nil or index[name] == nil then
      table.insert(read, field)
    elseif slot <= cutoff then
      if slots[slot] == nil then
        slots[slot] = {0, 0, 0, 0}
        table.insert(order, slot)
      end
      slots[slot][index[name]] = slots[slot][index[name]] + value
      table.insert(read, field)
    end
  end
end
table.sort(order)
for _, slot in ipairs(order) do
  table.insert(reply, slot)
  for j = 1, 4 do table.insert(reply, slots[slot][j]) end
end
if #read > 0 then redis.call('HDEL', KEYS[1], unpack(read)) end
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
