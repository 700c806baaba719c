/**
 * Hooks may return anything (`Hook<E>` returns `unknown`): the emitter ignores plain values and contains
 * throws and rejected promises, with one warning each and never an unhandled rejection.
 */
import { HookEmitter } from "../../src/reporting/hooks";
import type { ResilienceHooks, RetryEvent } from "../../src/types";

const event = { operation: "SendMessages" } as unknown as RetryEvent;

function emitOnce(onRetry: ResilienceHooks["onRetry"]): { warnings: string[]; settled: Promise<void> } {
  const warnings: string[] = [];
  new HookEmitter({ onRetry }).emit("onRetry", event, { warn: (line) => warnings.push(String(line)) });
  // Rejections are reported from a promise callback: let microtasks and one macrotask run.
  return { warnings, settled: new Promise((resolve) => setImmediate(resolve)) };
}

test.each([
  ["a number", () => 42],
  ["an array's new length", (e: RetryEvent) => [e].push(e)],
  ["a Map", () => new Map().set("k", 1)],
  ["an object with a non-function then", () => ({ then: 1 })],
  ["a resolved promise", async () => 7],
])("a hook returning %s is called and ignored, without warnings", async (_label, hook) => {
  const calls: RetryEvent[] = [];
  const { warnings, settled } = emitOnce((e) => {
    calls.push(e);
    return hook(e);
  });
  await settled;
  expect(calls).toEqual([event]);
  expect(warnings).toEqual([]);
});

test("a rejected promise is contained with one warning", async () => {
  const { warnings, settled } = emitOnce(async () => {
    throw new Error("metrics down");
  });
  await settled;
  expect(warnings).toEqual(["smithy-resilience hook onRetry failed and was ignored: Error: metrics down"]);
});

test("a returned value whose `then` getter throws is contained like a throw", async () => {
  const { warnings, settled } = emitOnce(() => ({
    get then(): never {
      throw new Error("odd thenable");
    },
  }));
  await settled;
  expect(warnings).toEqual(["smithy-resilience hook onRetry failed and was ignored: Error: odd thenable"]);
});

test("the hook receives a frozen event", () => {
  let seen: RetryEvent | undefined;
  emitOnce((e) => (seen = e));
  expect(Object.isFrozen(seen)).toBe(true);
});
