import type { AbortSignalLike } from "../abortable";
import { sleepUnlessAborted } from "../abortable";
import {
  FLEET_CONTROL_TTL_MS,
  FLEET_FEED_MAX_LAG_MS,
  FLEET_FEEDBACK_TTL_MS,
  FLEET_FLUSH_INTERVAL_MS,
  FLEET_LEADER_LEASE_MS,
  FLEET_MEMBER_IDLE_MS,
  FLEET_RESERVE_HORIZON_MS,
  FLEET_SLOT_MS,
  FLEET_STATE_FRESH_MS,
} from "../constants";
import { AdaptiveRateLimiter } from "../rateLimiter/AdaptiveRateLimiter";
import type { ResolvedLimiterOptions } from "../rateLimiter/limiterOptions";
import type { LimiterOutcome, QuotaLimiter, QuotaSharing } from "../rateLimiter/QuotaLimiter";
import type { FleetFeedback, FleetSlot } from "./fleetController";
import { FleetController } from "./fleetController";
import type { RedisLink } from "./link";
import type { QuotaKeys } from "./scripts";
import { ACQUIRE, FLUSH, PUBLISH, SLOT_FIELDS } from "./scripts";

/** ACQUIRE's reply: how long to wait for the turn, whether it is reserved, and what the fleet looks like. */
interface Turn {
  waitMs: number;
  rate: number;
  members: number;
  /** The turn is the request's (else it is beyond the horizon, and the request asks again). */
  reserved: boolean;
}

/** A count Redis sent back: a finite number >= 0, else undefined (bad data). */
function count(value: unknown): number | undefined {
  const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function parseTurn(reply: unknown): Turn | undefined {
  if (!Array.isArray(reply) || reply.length !== 4) return undefined;
  const [waitUs, rate, members, reserved] = reply.map(count);
  if (waitUs === undefined || rate === undefined || members === undefined || reserved === undefined) return undefined;
  return { waitMs: waitUs / 1000, rate, members, reserved: reserved === 1 };
}

/** FLUSH's reply. */
interface Flushed {
  rate: number;
  members: number;
  isLeader: boolean;
  /** What the leader reads (no slot when the process does not lead). */
  feedback: FleetFeedback;
}

/** FLUSH's head: rate, members, isLeader, readUpToMs, latencySumMs, latencyCount; then a slot and its SLOT_FIELDS each. */
const FLUSHED_HEAD = 6;
const SLOT_WIDTH = 1 + SLOT_FIELDS.length;

function parseFlushed(reply: unknown): Flushed | undefined {
  if (!Array.isArray(reply) || reply.length < FLUSHED_HEAD || (reply.length - FLUSHED_HEAD) % SLOT_WIDTH !== 0) return undefined;
  const values = reply.map(count);
  if (values.some((value) => value === undefined)) return undefined;
  const [rate, members, isLeader, readUpToMs, latencySumMs, latencyCount] = values as number[];
  const slots: FleetSlot[] = [];
  for (let i = FLUSHED_HEAD; i < values.length; i += SLOT_WIDTH) {
    const slot: FleetSlot = { slot: values[i] as number, accepted: 0, throttled: 0, demand: 0, retries: 0 };
    SLOT_FIELDS.forEach((field, j) => (slot[field] = values[i + 1 + j] as number));
    slots.push(slot);
  }
  return { rate, members, isLeader: isLeader === 1, feedback: { readUpToMs, latencySumMs, latencyCount, slots } };
}

/** A process's counts since its last flush: per slot of its clock, and the latencies. */
interface PendingCounts {
  slots: FleetSlot[];
  latencySumMs: number;
  latencyCount: number;
}

function noPendingCounts(): PendingCounts {
  return { slots: [], latencySumMs: 0, latencyCount: 0 };
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
  private pending: PendingCounts = noPendingCounts();
  private flushedAt = -Infinity;
  private flushing = false;
  /** The fleet's controller, while this process leads. */
  private controller: FleetController | undefined;
  /** Requests of this process waiting for a turn from Redis. */
  private waitingShared = 0;
  /** A request of this process is asking Redis for a turn; the others wait in `askers`, in order. */
  private askingHeld = false;
  private readonly askers: Array<() => void> = [];
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
    const slot = this.slotAt(now);
    slot.demand++;
    if (retry) slot.retries++;
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
    const now = this.options.clock.now();
    const slot = this.slotAt(now);
    if (outcome.throttled) slot.throttled++;
    else slot.accepted++;
    if (outcome.latencyMs !== undefined && outcome.latencyMs >= 0) {
      this.pending.latencySumMs += Math.round(outcome.latencyMs);
      this.pending.latencyCount++;
    }
    this.local.onResponse(outcome);
    this.flushIfDue(now);
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

  /**
   * A turn from Redis; the local limiter's when Redis does not answer. Never rejects.
   *
   * The process's requests ask Redis one at a time, in order: each holds the right to ask until its turn
   * is reserved, or while it waits to ask again (a turn beyond the horizon). Asked by every waiting request,
   * a backlog (demand above the quota, in open loop) would send Redis a script per waiting request every
   * horizon, growing with the backlog until Redis itself answered late.
   */
  private async sharedTurn(now: number, abortSignal: AbortSignalLike | undefined, retry: boolean): Promise<void> {
    this.waitingShared++;
    try {
      await this.askingTurn();
      let asking = true;
      try {
        let observed = false;
        for (;;) {
          if (abortSignal?.aborted) return;
          const turn = await this.link.run(now, ACQUIRE, [this.keys.tat, this.keys.ctl, this.keys.members], [String(this.options.burstMs), String(FLEET_RESERVE_HORIZON_MS)], parseTurn);
          if (turn === undefined) {
            this.passAsking();
            asking = false;
            // Observed already when the fleet gave no turn before: then not counted as a new call a second time.
            await (observed ? this.local.acquire(abortSignal, true) : this.localTurn(abortSignal, retry));
            return;
          }
          const answeredAt = this.options.clock.now();
          this.learn(turn.rate, turn.members, answeredAt);
          if (!observed) this.local.observeAcquire(retry);
          observed = true;
          if (turn.reserved) {
            this.lastTurnAt = Math.max(this.lastTurnAt, answeredAt + turn.waitMs);
            this.passAsking();
            asking = false;
          }
          // Beyond the horizon: ask again when the turn comes within it, or sooner, at the rate of then.
          const waitMs = turn.reserved ? turn.waitMs : Math.min(turn.waitMs - FLEET_RESERVE_HORIZON_MS, FLEET_RESERVE_HORIZON_MS);
          // Timers have millisecond resolution; GCRA keeps the spacing on Redis whatever the lateness. An aborted
          // wait ends the turn as the local limiter's does, settled, not rejected: the caller stopped listening.
          if (waitMs >= 1) await sleepUnlessAborted(this.options, waitMs, abortSignal).catch(() => undefined);
          if (turn.reserved || abortSignal?.aborted) return;
          now = this.options.clock.now();
          // Asking again is a call too: the counts (and the leader's lease) go with it when due.
          this.flushIfDue(now);
        }
      } finally {
        if (asking) this.passAsking();
      }
    } finally {
      this.waitingShared--;
    }
  }

  /** Resolves when this request may ask Redis: at once when nobody asks, else after those before it. */
  private askingTurn(): Promise<void> {
    if (!this.askingHeld) {
      this.askingHeld = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.askers.push(resolve));
  }

  /** Hands the right to ask to the next request waiting for it (an aborted one returns at once, asking nothing). */
  private passAsking(): void {
    const next = this.askers.shift();
    if (next) next();
    else this.askingHeld = false;
  }

  /** The local limiter's turn; on entering a spell of local pacing, started at this process's share of the fleet's rate. */
  private localTurn(abortSignal: AbortSignalLike | undefined, retry: boolean): Promise<void> | undefined {
    if (!this.localStarted) {
      this.localStarted = true;
      if (this.fleetRate > 0) this.local.startAt(this.fleetRate / Math.max(1, this.members));
    }
    return this.local.acquire(abortSignal, retry);
  }

  /** The counts of the slot of this process's clock that holds `now`. */
  private slotAt(now: number): FleetSlot {
    const index = Math.floor(now / FLEET_SLOT_MS);
    const { slots } = this.pending;
    let slot = slots[slots.length - 1];
    if (slot === undefined || slot.slot !== index) {
      slot = { slot: index, accepted: 0, throttled: 0, demand: 0, retries: 0 };
      slots.push(slot);
    }
    return slot;
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
    this.pending = noPendingCounts();
    // While local the counts would reach no controller in time: they are dropped.
    if (this.link.isLocal(now)) return;
    this.flushing = true;
    // The link turns every Redis failure into undefined; a flush is detached from the call that carried it,
    // and nothing of it may reach that call.
    void this.flush(now, counts)
      .catch(() => undefined)
      .finally(() => (this.flushing = false));
  }

  private async flush(now: number, counts: PendingCounts): Promise<void> {
    const { feedback, members, leader, ctl } = this.keys;
    const args = [
      this.processId,
      String(FLEET_LEADER_LEASE_MS),
      String(FLEET_MEMBER_IDLE_MS),
      String(FLEET_FEEDBACK_TTL_MS),
      String(FLEET_SLOT_MS),
      String(FLEET_FEED_MAX_LAG_MS),
      String(counts.latencySumMs),
      String(counts.latencyCount),
    ];
    // Each slot goes with its age, a duration: Redis files it by its own clock, whatever this process's says.
    for (const slot of counts.slots) {
      args.push(String(Math.max(0, Math.round(now - (slot.slot + 0.5) * FLEET_SLOT_MS))), ...SLOT_FIELDS.map((field) => String(slot[field])));
    }
    const flushed = await this.link.run(now, FLUSH, [feedback, members, leader, ctl], args, parseFlushed);
    if (flushed === undefined) return;
    const readAt = this.options.clock.now();
    this.learn(flushed.rate, flushed.members, readAt);
    if (!flushed.isLeader) {
      this.controller = undefined;
      return;
    }
    // A new leader starts from the fleet's stored rate.
    this.controller ??= new FleetController(this.options, flushed.rate, flushed.feedback.readUpToMs);
    const rate = this.controller.feed(flushed.feedback);
    const written = await this.link.run(readAt, PUBLISH, [ctl, leader], [rate.toFixed(3), this.processId, String(FLEET_CONTROL_TTL_MS)], parseWritten);
    if (written) this.fleetRate = rate;
    else if (written === false) this.controller = undefined;
  }
}
