/** Every default of the library, one place. A change of defaults is a diff of this file and a changelog line. */

/** Total attempts including the first. */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** Base backoff delay for transient errors, ms (the SDK's 2026 value). */
export const DEFAULT_BASE_DELAY_MS = 50;
/** Base backoff delay for throttling errors, ms (the SDK's 2026 value). */
export const DEFAULT_THROTTLING_BASE_DELAY_MS = 1000;
/**
 * Base backoff after throttling while the rate limiter paces the quota, ms (capped by throttlingBaseMs).
 * Chosen with the bench's throttled scenario (300 rps, 64 callers): 50 ms left ~2% of calls out of
 * attempts and 250 ms ~0.1%; 500 ms kept 100% success at ~303 calls/s, where 1000 ms dipped to 269/s.
 */
export const PACED_THROTTLING_BASE_MS = 500;
/**
 * Throttled attempts per call that the rate limiter had paced and that wait their turn again instead of
 * spending maxAttempts (src/rateLimiter/DESIGN.md): with them, every steady quota of the simulations keeps
 * 100% success, and the throttled scenario's tail (a probe's 429 on a call at the end) goes.
 */
export const MAX_PACED_THROTTLE_RETRIES = 5;
/** Ceiling of any computed backoff delay, ms. */
export const DEFAULT_MAX_DELAY_MS = 20_000;
/** Default jitter mode. */
export const DEFAULT_JITTER = "full" as const;
/** Cap applied to `Retry-After` / `x-amz-retry-after` hints, ms. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 20_000;
/** Tokens in a full retry budget (the SDK's INITIAL_RETRY_TOKENS). */
export const DEFAULT_BUDGET_CAPACITY = 500;
/** Tokens one retry after a non-throttling error costs (the SDK's RETRY_COST). */
export const DEFAULT_BUDGET_RETRY_COST = 14;
/** Tokens one retry after a throttling error costs. */
export const DEFAULT_BUDGET_THROTTLING_COST = 5;
/** Tokens a success without retries gives back (the SDK's NO_RETRY_INCREMENT). */
export const BUDGET_SUCCESS_REFUND = 1;
/** Circuit breaker: failed attempts in a row that open it: a dead service, not a degraded one (docs/breaker.md). */
export const DEFAULT_BREAKER_CONSECUTIVE_FAILURES = 75;
/** Circuit breaker: the window of the recent attempts and failures a snapshot reports, ms. */
export const BREAKER_RECENT_WINDOW_MS = 10_000;
/** Circuit breaker: while open, one call goes through as a probe every this many ms. */
export const DEFAULT_BREAKER_PROBE_INTERVAL_MS = 1_000;
/** Circuit breaker: consecutive successes that close it, the first probe's included. */
export const DEFAULT_BREAKER_CLOSE_AFTER_SUCCESSES = 2;
/** Client-side pacing learned from throttling responses (see rateLimiter/DESIGN.md). */
export const DEFAULT_RATE_LIMITER = "adaptive" as const;
/** Rate limiter: after a throttle, the rate drops to this fraction of the measured capacity (the accepted rate). */
export const DEFAULT_LIMITER_BETA = 0.9;
/** Rate limiter: relative CUBIC growth per s³ above the measured capacity, from LIMITER_RECOVERY_MS after a decrease: 10% above it 0.8 s later, twice it 1.7 s later. */
export const DEFAULT_LIMITER_GROWTH = 0.2;
/** Rate limiter: throttles this soon after a decrease, ms (or the smoothed latency, if longer), are echoes and do not decrease again. */
export const DEFAULT_LIMITER_HOLDOFF_MS = 100;
/** Rate limiter: the rate never drops below this, requests/s. */
export const DEFAULT_LIMITER_MIN_RATE = 0.5;
/** Rate limiter: depth of the pacing bucket, in ms worth of the current rate (at least one request). */
export const DEFAULT_LIMITER_BURST_MS = 10;
/** Rate limiter: the rate never grows above this multiple of the demand (acquisitions/s), as an idle client learns nothing. */
export const LIMITER_SEND_RATE_HEADROOM = 2;
/** Rate limiter: shortest span a rate is measured over, ms, so that a burst does not read as a huge rate. */
export const LIMITER_MIN_MEASURE_MS = 100;
/** Rate limiter: window of the demand and accepted-response meters, ms. */
export const LIMITER_WINDOW_MS = 1000;
/** Rate limiter: slots of those windows. */
export const LIMITER_WINDOW_SLOTS = 10;
/** Rate limiter: window over which the evidence of saturation (throttles, and their share of the responses) is judged, ms. */
export const LIMITER_EVIDENCE_WINDOW_MS = 3000;
/** Rate limiter: it engages on at least this many throttles over the evidence window (a stray throttle changes nothing). */
export const LIMITER_ENGAGE_THROTTLES = 3;
/** Rate limiter: ...that are at least this share of the responses over the last second... */
export const LIMITER_ENGAGE_SHARE = 0.05;
/** Rate limiter: ...or at least this many over the evidence window (sustained throttling, whatever its share). */
export const LIMITER_ENGAGE_SUSTAINED = 10;
/** Rate limiter: while pacing, a throttle decreases the rate when the demand is at least this share of the rate (or callers wait). */
export const LIMITER_BINDING_SHARE = 0.9;
/** Rate limiter: it stops pacing after this long without a throttle, ms, with nobody waiting and the demand at most half the rate. */
export const LIMITER_QUIET_MS = 2000;
/** Rate limiter: a capacity measured over an episode is remembered this long, ms, and the rate returns to it after a drop. */
export const LIMITER_BEST_MEMORY_MS = 10_000;
/** Rate limiter: after a decrease, the rate is back at the measured capacity this many ms later. */
export const LIMITER_RECOVERY_MS = 500;
/** Rate limiter: throttles belong to one episode unless further apart than the hold-off or this many requests at the accepted rate. */
export const LIMITER_EPISODE_GAP_TOKENS = 4;
/** Rate limiter: the deepest cut to a rate not yet measured, on evidence of saturation (else beta). */
export const LIMITER_SATURATED_STEP = 0.5;
/** Rate limiter: an episode measures the capacity once it spans about this many accepted responses (and LIMITER_MIN_MEASURE_MS). */
export const LIMITER_MEASURE_RESPONSES = 5;
/** Rate limiter: it stops pacing when the demand jumps to this multiple of the capacity and of the demand its measure rests on. */
export const LIMITER_DEMAND_JUMP = 4;
/**
 * Rate limiter: a burst is at least this many new calls over LIMITER_MIN_MEASURE_MS (two calls close together at a
 * trickle are none). One at LIMITER_DEMAND_JUMP times the measure lets the pacing go at once, unless a burst was
 * already under way at the last throttle.
 */
export const LIMITER_BURST_MIN_CALLS = 10;
/** Rate limiter: callers waiting, new calls (first attempts) at this many times the rate and no throttle lately start a search upwards. */
export const LIMITER_SEARCH_DEMAND = 2;
/** Rate limiter: while returning to the best recent capacity, the rate doubles every this many ms. */
export const LIMITER_RETURN_DOUBLING_MS = 200;
/** Redact message content and addresses from the SDK's own log lines for Pinpoint and SMS Voice. */
export const DEFAULT_REDACT_SDK_LOGS = true;
/** Environment variable that turns debug lines on. */
export const DEBUG_ENV_VARIABLE = "SMITHY_RESILIENCE_DEBUG";
/** Routes (service + region + endpoint, each with its breaker) kept at most; the least recently used is forgotten first. */
export const DEFAULT_MAX_ROUTES = 1000;
/** Redis store: the prefix of every key it writes. */
export const DEFAULT_REDIS_PREFIX = "smithy-resilience:";
/** Redis store: each Redis command's own deadline, ms; past it the call paces locally (the added latency per call is bounded by it). */
export const DEFAULT_REDIS_TIMEOUT_MS = 5;
/** Redis store: the longest `timeoutMs` accepted, ms. */
export const MAX_REDIS_TIMEOUT_MS = 1000;
/** Redis store: failures or timeouts in a row after which the store stops asking Redis and paces locally (once they span REDIS_FAILING_FOR_MS). */
export const REDIS_FAILURES_TO_GO_LOCAL = 3;
/**
 * Redis store: how long failures in a row must last before the store paces locally, ms. A process stalled
 * for a few ms (a busy or overcommitted host) misses the deadline of every command in flight at once, and
 * the next command succeeds; Redis down or cut off keeps failing. Each call meanwhile waits at most the
 * deadline, then takes a local turn.
 */
export const REDIS_FAILING_FOR_MS = 100;
/**
 * Redis store: the same, before Redis first answered the process, ms. A process just started is slow (its
 * code not yet compiled, its connection new) and a warm fleet is busy: its first commands miss the deadline
 * for longer, and going local then would have it send a share on top of the fleet's rate.
 */
export const REDIS_FAILING_FOR_MS_AT_START = 1000;
/** Redis store: how long it paces locally before it asks Redis again, ms. */
export const REDIS_LOCAL_MS = 5000;
/** Redis store: a process sends its counts (and renews its membership and leadership) at most this often, ms, piggybacked on calls. */
export const FLEET_FLUSH_INTERVAL_MS = 100;
/** Redis store: the fleet's rate learned this recently is trusted without asking Redis, ms (while the fleet does not pace). */
export const FLEET_STATE_FRESH_MS = 1000;
/** Redis store: the lease of the process whose controller learns the fleet's rate, ms; renewed at each flush. */
export const FLEET_LEADER_LEASE_MS = 2000;
/** Redis store: a process that sent nothing for this long no longer counts as a member of the fleet, ms. */
export const FLEET_MEMBER_IDLE_MS = 30_000;
/** Redis store: the learned rate of a quota outlives its last update by this much, ms. */
export const FLEET_CONTROL_TTL_MS = 15 * 60_000;
/** Redis store: counts no leader read within this time are dropped, ms. */
export const FLEET_FEEDBACK_TTL_MS = 10_000;
/** Redis store: a request reserves a turn at most this far ahead, ms; further, it asks again (at most this much later). */
export const FLEET_RESERVE_HORIZON_MS = 250;
/** Redis store: a process counts its requests and responses in slots of this many ms, so that the leader places them in time. */
export const FLEET_SLOT_MS = 50;
/**
 * The fleet's controller grows its rate above the capacity it measured at this share of a process's
 * growth (rateLimiter.growth), and remembers no best rate (bestMemoryMs 0). It hears of its overshoot 100 to
 * 500 ms late (the processes' counts come in batches): at a process's pace the rate was 40-60% over a 300/s
 * quota by then, and a return to a best rate measured on late counts overshot by a third every 2 s. At 0.02,
 * 10% above the capacity takes about 3 s (fleet bench: 4 processes, 1.4-2.2% throttled, against 5-11%).
 */
export const FLEET_CONTROLLER_GROWTH_SHARE = 0.02;
/**
 * Redis store: the leader's controller reads a slot once every process that flushed within this many ms has
 * flushed after the slot ended (so it has all of its counts); a process slower than that is not waited for.
 */
export const FLEET_FEED_MAX_LAG_MS = 500;
/** Redis store: slots that reach the leader's controller this much later than their time are dropped, ms (a new leader's first read). */
export const FLEET_STALE_SLOT_MS = 1000;
