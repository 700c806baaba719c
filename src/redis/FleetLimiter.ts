import type { AbortSignalLike } from "../abortable";
import { sleepUnlessAborted } from "../abortable";
import {
  FLEET_CONTROL_TTL_MS,
  FLEET_FEEDBACK_TTL_MS,
  FLEET_FLUSH_INTERVAL_MS,
  FLEET_LEADER_LEASE_MS,
  FLEET_MEMBER_IDLE_MS,
  FLEET_STATE_FRESH_MS,
} from "../constants";
import { AdaptiveRateLimiter } from "../rateLimiter/AdaptiveRateLimiter";
import type { ResolvedLimiterOptions } from "../rateLimiter/limiterOptions";
import type { LimiterOutcome, QuotaLimiter, QuotaSharing } from "../rateLimiter/QuotaLimiter";
import type { FleetCounts } from "./fleetController";
import { FleetController, noCounts } from "./fleetController";
import type { RedisLink } from "./link";
import type { QuotaKeys } from "./scripts";
import { ACQUIRE, FEEDBACK_FIELDS, FLUSH, PUBLISH } from "./scripts";

/** ACQUIRE's reply: how long to wait for the turn, and what the fleet looks like. */
interface Turn {
  waitMs: number;
  rate: number;
  members: number;
}

/** FLUSH's reply. */
interface Flushed {
  rate: number;
  members: number;
  isLeader: boolean;
  counts: FleetCounts;
}

/** A count Redis sent back: a finite number >= 0, else undefined (bad data). */
function count(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function parseTurn(reply: unknown): Turn | undefined {
  if (!Array.isArray(reply) || reply.length !== 3) return undefined;
  const [waitUs, rate, members] = reply.map(count);
  if (waitUs === undefined || rate === undefined || members === undefined) return undefined;
  return { waitMs: waitUs / 1000, rate, members };
}

function parseFlushed(reply: unknown): Flushed | undefined {
  if (!Array.isArray(reply) || reply.length !== 3 + FEEDBACK_FIELDS.length) return undefined;
  const values = reply.map(count);
  if (values.some((value) => value === undefined)) return undefined;
  const [rate, members, isLeader, ...rest] = values as number[];
  const counts = noCounts();
  FEEDBACK_FIELDS.forEach((field, i) => (counts[field] = rest[i]));
  return { rate, members, isLeader: isLeader === 1, counts };
}

/** PUBLISH's reply: 1 written, 0 not the leader any more. */
function parseWritten(reply: unknown): boolean | undefined {
  const written = count(reply);
  return written === undefined ? undefined : written === 1;
}

/**
 * The limiter of one quota shared by a fleet of processes through Redis.
 *
 * - **Turns** come from Redis: while the fleet paces, each request asks ACQUIRE (GCRA at the fleet's rate on
 *   Redis's clock) and waits the time it is told. While the fleet does not pace and that is known from the
 *   last second, a request costs nothing: no promise, no Redis command.
 * - **Learning**: the process counts its requests and responses and sends them at most every
 *   FLEET_FLUSH_INTERVAL_MS, piggybacked on calls (no timer). The process holding the leader's lease feeds
 *   the whole fleet's counts to a {@link FleetController} and publishes its rate.
 * - **Redis down, slow or answering nonsense**: the request paces locally, on a limiter of this process fed
 *   with every request and response all along (so it is warm), started at the fleet's last rate divided by
 *   the fleet's size when the fleet was pacing, so the fleet's aggregate stays within what it learned.
 *   Sharing resumes by itself once Redis answers (see {@link RedisLink}).
 */
export class FleetLimiter implements QuotaLimiter {
  private readonly local: AdaptiveRateLimiter;
  /** The fleet's rate as last learned, requests/s; 0 when it does not pace. */
  private fleetRate = 0;
  /** The fleet's members as last learned (at least 1: this process). */
  private members = 1;
  /** When the fleet's state was last learned (clock.now()); -Infinity: never. */
  private learnedAt = -Infinity;
  /** The local limiter was started at the fleet's share for the current spell of local pacing. */
  private localStarted = false;
  private pending: FleetCounts = noCounts();
  private flushedAt = -Infinity;
  private flushing = false;
  /** The fleet's controller, while this process leads. */
  private controller: FleetController | undefined;
  /** Requests of this process waiting for a turn from Redis. */
  private waitingShared = 0;
  /** When the last turn from Redis comes (clock.now()), for the predicted wait. */
  private lastTurnAt = -Infinity;

  constructor(
    private readonly link: RedisLink,
    private readonly keys: QuotaKeys,
    private readonly processId: string,
    private readonly options: ResolvedLimiterOptions,
  ) {
    this.local = new AdaptiveRateLimiter(options);
  }

  /** "fleet" while Redis answers, "local" while this process paces alone. */
  get sharing(): QuotaSharing {
    return this.link.sharing;
  }

  acquire(abortSignal?: AbortSignalLike, retry = false): Promise<void> | undefined {
    const now = this.options.clock.now();
    this.pending.demand++;
    if (retry) this.pending.retries++;
    this.flushIfDue(now);
    if (this.link.isLocal(now)) return this.localTurn(abortSignal, retry);
    if (this.fleetRate <= 0 && now - this.learnedAt < FLEET_STATE_FRESH_MS) {
      // The hot path while the fleet does not pace: nothing but counting.
      this.local.observeAcquire(retry);
      return undefined;
    }
    // A caller that has given up takes no slot of the fleet's.
    if (abortSignal?.aborted) return undefined;
    return this.sharedTurn(now, abortSignal, retry);
  }

  onResponse(outcome: LimiterOutcome): void {
    if (outcome.throttled) this.pending.throttled++;
    else this.pending.accepted++;
    if (outcome.latencyMs !== undefined && outcome.latencyMs >= 0) {
      this.pending.latencySumMs += Math.round(outcome.latencyMs);
      this.pending.latencyCount++;
    }
    this.local.onResponse(outcome);
    this.flushIfDue(this.options.clock.now());
  }

  /** The fleet's rate (the whole fleet's, not this process's share) while shared; the local limiter's while local. */
  currentRate(): number | undefined {
    if (this.link.sharing === "local") return this.local.currentRate();
    return this.fleetRate > 0 ? this.fleetRate : undefined;
  }

  /**
   * While shared: at least until the last turn Redis gave out (a request now is given a later one); 0 when
   * the fleet does not pace. While local: the local limiter's.
   */
  predictedWaitMs(): number {
    const now = this.options.clock.now();
    if (this.link.isLocal(now)) return this.local.predictedWaitMs();
    return this.fleetRate > 0 ? Math.max(0, this.lastTurnAt - now) : 0;
  }

  get waiting(): number {
    return this.waitingShared + this.local.waiting;
  }

  /** A turn from Redis; the local limiter's when Redis does not answer. Never rejects. */
  private async sharedTurn(now: number, abortSignal: AbortSignalLike | undefined, retry: boolean): Promise<void> {
    this.waitingShared++;
    try {
      const turn = await this.link.run(now, ACQUIRE, [this.keys.tat, this.keys.ctl, this.keys.members], [String(this.options.burstMs)], parseTurn);
      if (turn === undefined) {
        await this.localTurn(abortSignal, retry);
        return;
      }
      const answeredAt = this.options.clock.now();
      this.learn(turn.rate, turn.members, answeredAt);
      this.local.observeAcquire(retry);
      this.lastTurnAt = Math.max(this.lastTurnAt, answeredAt + turn.waitMs);
      // Timers have millisecond resolution; GCRA keeps the spacing on Redis whatever the lateness. An aborted
      // wait ends the turn as the local limiter's does, settled, not rejected: the caller stopped listening.
      if (turn.waitMs >= 1) await sleepUnlessAborted(this.options, turn.waitMs, abortSignal).catch(() => undefined);
    } finally {
      this.waitingShared--;
    }
  }

  /** The local limiter's turn; on entering a spell of local pacing, started at this process's share of the fleet's rate. */
  private localTurn(abortSignal: AbortSignalLike | undefined, retry: boolean): Promise<void> | undefined {
    if (!this.localStarted) {
      this.localStarted = true;
      if (this.fleetRate > 0) this.local.startAt(this.fleetRate / Math.max(1, this.members));
    }
    return this.local.acquire(abortSignal, retry);
  }

  private learn(rate: number, members: number, now: number): void {
    this.fleetRate = rate;
    this.members = Math.max(1, members);
    this.learnedAt = now;
    this.localStarted = false;
  }

  /** Sends the counts when FLEET_FLUSH_INTERVAL_MS has passed since the last flush (none while local). */
  private flushIfDue(now: number): void {
    if (this.flushing || now - this.flushedAt < FLEET_FLUSH_INTERVAL_MS) return;
    this.flushedAt = now;
    const counts = this.pending;
    this.pending = noCounts();
    // While local the counts would reach no controller in time: they are dropped.
    if (this.link.isLocal(now)) return;
    this.flushing = true;
    // The link turns every Redis failure into undefined; a flush is detached from the call that carried it,
    // and nothing of it may reach that call.
    void this.flush(now, counts)
      .catch(() => undefined)
      .finally(() => (this.flushing = false));
  }

  private async flush(now: number, counts: FleetCounts): Promise<void> {
    const { feedback, members, leader, ctl } = this.keys;
    const args = [
      this.processId,
      ...FEEDBACK_FIELDS.map((field) => String(counts[field])),
      String(FLEET_LEADER_LEASE_MS),
      String(FLEET_MEMBER_IDLE_MS),
      String(FLEET_FEEDBACK_TTL_MS),
    ];
    const flushed = await this.link.run(now, FLUSH, [feedback, members, leader, ctl], args, parseFlushed);
    if (flushed === undefined) return;
    const readAt = this.options.clock.now();
    this.learn(flushed.rate, flushed.members, readAt);
    if (!flushed.isLeader) {
      this.controller = undefined;
      return;
    }
    // A new leader starts from the fleet's stored rate.
    this.controller ??= new FleetController(this.options, flushed.rate, readAt);
    const rate = this.controller.feed(flushed.counts, readAt);
    const written = await this.link.run(readAt, PUBLISH, [ctl, leader], [rate.toFixed(3), this.processId, String(FLEET_CONTROL_TTL_MS)], parseWritten);
    if (written) this.fleetRate = rate;
    else if (written === false) this.controller = undefined;
  }
}
