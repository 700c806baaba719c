/**
 * Issue 11: "a client's tenth call must behave as its first". A behaviour test runs its call under test
 * as the client's 1st call and again as its 10th, after 9 successful calls through the same client
 * (`describe.each(CALLS_UNDER_TEST)`), with every assertion unchanged. The warm-up leaves no trace the
 * test could see: scripted in-memory handlers wrapped in {@link warmable} answer warm-up requests OK
 * before their script starts, the emulator's faults are set and its counters reset after it, and the
 * recorders are emptied.
 */
import type { Emulator } from "../../src/testing";
import type { RecordedHttpRequest, Reply } from "./inMemoryHandler";
import { okReply, scriptedHandler } from "./inMemoryHandler";

/** Which call of a client a test asserts on: `warmUpCalls` successful calls go through the client first. */
export interface CallUnderTest {
  /** For the test title, e.g. "10th call". */
  label: string;
  warmUpCalls: number;
}

export const FIRST_CALL: CallUnderTest = { label: "1st call", warmUpCalls: 0 };
export const TENTH_CALL: CallUnderTest = { label: "10th call", warmUpCalls: 9 };

/** For `describe.each(CALLS_UNDER_TEST)("a client's $label", (nth) => …)`. */
export const CALLS_UNDER_TEST: readonly CallUnderTest[] = [FIRST_CALL, TENTH_CALL];

type Handle = (request: never, options?: never) => Promise<unknown>;

/** A scripted handler in front of which warm-up requests are answered OK, apart from the script. */
export interface WarmableHandler<H> {
  /** True during {@link warmUp}: requests are answered by `warmUpReply` and recorded in `warmUpRequests`. */
  warmingUp: boolean;
  /** The requests of the warm-up calls. */
  warmUpRequests: RecordedHttpRequest[];
  /** The wrapped handler; it sees (and counts) only the requests of the calls under test. */
  script: H;
  handle: Handle;
}

/**
 * Wraps a handler (`scriptedHandler(...)`, or any with `handle`) for {@link warmUp}: its script applies to
 * the call under test as it would to a client's first call, and its `requests` count only that call's.
 * Pass the wrapper as the client's `requestHandler`, keep asserting on the wrapped handler.
 */
export function warmable<H extends { handle: Handle }>(script: H, warmUpReply: Reply = okReply()): WarmableHandler<H> {
  const warm = scriptedHandler([warmUpReply]);
  const wrapper: WarmableHandler<H> = {
    warmingUp: false,
    warmUpRequests: warm.requests,
    script,
    handle: (request, options) => (wrapper.warmingUp ? warm.handle(request as never) : script.handle(request, options)),
  };
  return wrapper;
}

/** What {@link warmUp} puts back in the state of a client's first call once the warm-up calls are done. */
export interface WarmUpTargets {
  /** Handlers to answer the warm-up requests OK (see {@link warmable}). */
  handlers?: ReadonlyArray<WarmableHandler<unknown>>;
  /** The emulators the clients send to: no faults during the warm-up, counters and requests reset after it. */
  emulators?: readonly Emulator[];
  /** Recorders (`recorder()`) whose events and lines are emptied after the warm-up. */
  recorders?: ReadonlyArray<{ events: unknown[]; debug: string[]; warn: string[] }>;
  /** Any other arrays a test collects into (from hooks, classify, …), emptied after the warm-up. */
  arrays?: ReadonlyArray<unknown[]>;
  /** Runs after the warm-up calls and before the resets, e.g. to move a manual clock. */
  after?: () => void;
}

type Send = () => Promise<unknown>;

/**
 * Makes `nth.warmUpCalls` successful calls through each client (`send` once per call; one function per
 * client), each of which must succeed on its first attempt, then resets `targets`. The faults of the call
 * under test are set after this (the emulators have none during the warm-up). With 0 calls only the resets
 * run, so both variants of a test take the same path.
 */
export async function warmUp(nth: CallUnderTest, send: Send | readonly Send[], targets: WarmUpTargets = {}): Promise<void> {
  const sends = typeof send === "function" ? [send] : send;
  const { handlers = [], emulators = [], recorders = [], arrays = [] } = targets;
  for (const handler of handlers) handler.warmingUp = true;
  for (const emulator of emulators) emulator.setFaults({});
  try {
    for (let i = 0; i < nth.warmUpCalls; i++) {
      for (const [client, sendOne] of sends.entries()) {
        const output = (await sendOne().catch((error: unknown) => {
          throw new Error(`warm-up call ${i + 1} of client ${client + 1} failed: ${String(error)}`);
        })) as { $metadata?: { attempts?: number } };
        const attempts = output.$metadata?.attempts;
        if (attempts !== 1) throw new Error(`warm-up call ${i + 1} of client ${client + 1} took ${String(attempts)} attempts, not 1`);
      }
    }
  } finally {
    for (const handler of handlers) handler.warmingUp = false;
  }
  // Hook failures are reported a turn later; let the warm-up's land before emptying the recorders.
  await new Promise((resolve) => setImmediate(resolve));
  targets.after?.();
  for (const emulator of emulators) emulator.resetStats();
  for (const rec of recorders) {
    rec.events.length = 0;
    rec.debug.length = 0;
    rec.warn.length = 0;
  }
  for (const array of arrays) array.length = 0;
}
