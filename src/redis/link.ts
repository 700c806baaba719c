import { REDIS_FAILING_FOR_MS, REDIS_FAILING_FOR_MS_AT_START, REDIS_FAILURES_TO_GO_LOCAL, REDIS_LOCAL_MS } from "../constants";
import type { QuotaSharing } from "../rateLimiter/QuotaLimiter";
import type { LuaScript, ScriptRunner } from "./clientAdapter";

/** Where the store's two messages go: one when it starts pacing locally, one when sharing resumes. */
export interface RedisStoreLogger {
  /** Receives the message when Redis cannot be reached and the store paces locally. */
  warn(...content: unknown[]): void;
  /** Receives the message when sharing resumes; without it, `warn` does. */
  info?(...content: unknown[]): void;
}

/** A reply that did not come within the deadline. */
class RedisDeadlineError extends Error {
  constructor(timeoutMs: number) {
    super(`no reply within ${timeoutMs} ms`);
  }
}

/** An error's message without anything that looks like credentials in a URL (`redis://user:secret@host`). */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\/\/[^@\s/]*@/g, "//***@").slice(0, 200);
}

/**
 * The store's way to Redis: every command raced against its own deadline (a node-redis timeout does not
 * cover a reply in flight), and a small breaker on Redis itself. After REDIS_FAILURES_TO_GO_LOCAL failures
 * in a row (errors, timeouts, or replies the store cannot read) lasting REDIS_FAILING_FOR_MS or more (a
 * stalled process misses every deadline in flight at once; REDIS_FAILING_FOR_MS_AT_START before Redis first
 * answered) it stops asking for REDIS_LOCAL_MS and the
 * limiters pace locally; then the next command tries again, alone, and the first success resumes sharing.
 * One message when it goes local, one when it is back.
 */
export class RedisLink {
  private failures = 0;
  /** When the current run of failures began (clock.now()). */
  private failingSince = 0;
  /** Redis has answered this process at least once. */
  private answered = false;
  private local = false;
  /** While local, when the next try may go (clock.now()). */
  private localUntil = 0;
  /** A try is in flight while local: other commands wait for its answer, locally. */
  private probing = false;

  constructor(
    private readonly runner: ScriptRunner,
    private readonly timeoutMs: number,
    private readonly logger: RedisStoreLogger,
  ) {}

  /** Where the limiters' pacing is decided now. */
  get sharing(): QuotaSharing {
    return this.local ? "local" : "fleet";
  }

  /** Whether a command now would not be sent (the store paces locally until its next try). */
  isLocal(now: number): boolean {
    return this.local && (this.probing || now < this.localUntil);
  }

  /**
   * Runs `script`; its reply read by `parse`. Never rejects, never takes longer than the deadline.
   * @param now - clock.now() of the caller, for the breaker.
   * @param parse - Reads the reply; returns undefined for a reply it cannot read (bad data), a failure too.
   * @returns The parsed reply, or undefined when the command failed, timed out, was not sent (local), or
   *   its reply could not be read.
   */
  async run<T>(now: number, script: LuaScript, keys: string[], args: string[], parse: (reply: unknown) => T | undefined): Promise<T | undefined> {
    if (this.isLocal(now)) return undefined;
    const probe = this.local;
    if (probe) this.probing = true;
    try {
      const parsed = parse(await this.withDeadline(this.runner.run(script, keys, args)));
      if (parsed === undefined) throw new Error(`unreadable reply to ${script.name}`);
      this.succeeded();
      return parsed;
    } catch (error) {
      this.failed(now, error);
      return undefined;
    } finally {
      if (probe) this.probing = false;
    }
  }

  /**
   * Settles with `command`, or rejects at the deadline; the timers are cleared as soon as either happens.
   * A reply can arrive in time and sit unread while the process is busy: Node runs due timers before it
   * reads sockets, so the deadline, once due, waits for that read (`setImmediate` runs after it, in the same
   * turn of the loop) and only then calls the command late.
   */
  private withDeadline(command: Promise<unknown>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let lastLook: ReturnType<typeof setImmediate> | undefined;
      const timer = setTimeout(() => {
        lastLook = setImmediate(() => reject(new RedisDeadlineError(this.timeoutMs)));
      }, this.timeoutMs);
      const settle = () => {
        clearTimeout(timer);
        if (lastLook !== undefined) clearImmediate(lastLook);
      };
      command.then(
        (reply) => {
          settle();
          resolve(reply);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  }

  private succeeded(): void {
    this.failures = 0;
    this.answered = true;
    if (!this.local) return;
    this.local = false;
    (this.logger.info ?? this.logger.warn).call(this.logger, "smithy-resilience: Redis answers again, the fleet shares its rates again");
  }

  private failed(now: number, error: unknown): void {
    if (this.failures === 0) this.failingSince = now;
    this.failures++;
    if (this.local) {
      this.localUntil = now + REDIS_LOCAL_MS;
      return;
    }
    const failingForMs = this.answered ? REDIS_FAILING_FOR_MS : REDIS_FAILING_FOR_MS_AT_START;
    if (this.failures < REDIS_FAILURES_TO_GO_LOCAL || now - this.failingSince < failingForMs) return;
    this.local = true;
    this.localUntil = now + REDIS_LOCAL_MS;
    this.logger.warn(
      `smithy-resilience: Redis unreachable (${reasonOf(error)}), pacing locally at each quota's share of the fleet's last rate (rate / processes); trying Redis again in ${REDIS_LOCAL_MS / 1000} s`,
    );
  }
}
