/**
 * The `metrics` option: validation at construction, delivery of every event to the hooks and to each
 * sink (one frozen object for all, each listener contained like a hook), and `attach` called once.
 */
import { createResilience } from "../../src";
import type { MetricsSink, ResilienceOptions, RetryEvent, SnapshotSource } from "../../src";
import { HookEmitter } from "../../src/reporting/hooks";

const event = { service: "Pinpoint", operation: "SendMessages", region: "us-east-1" } as unknown as RetryEvent;
const noop = (): void => undefined;

/** Lets rejections, reported from promise callbacks, land. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

describe("validation", () => {
  const create = (metrics: unknown) => () => createResilience({ metrics } as ResilienceOptions);

  test.each([
    ["one sink", { onRetry: noop }],
    ["an array of sinks", [{ onRetry: noop }, { onGiveUp: noop, attach: noop }]],
    ["an empty array", []],
    ["a sink with only attach", { attach: noop }],
    ["a sink with members of its own (ignored)", { onRetry: noop, flush: 3, shutdown: "later" }],
    [
      "a class instance (prototype methods)",
      new (class {
        onAttempt(): void {}
      })(),
    ],
  ])("accepts %s", (_label, metrics) => {
    expect(create(metrics)).not.toThrow();
  });

  test.each([
    ["a hook member that is not a function, named with its index", [{ onRetry: noop }, { onRetry: 3 }], 'option "metrics[1].onRetry" must be a function (got 3)'],
    ["the same for a single sink", { onGiveUp: "count" }, 'option "metrics.onGiveUp" must be a function (got "count")'],
    ["attach that is not a function", { onRetry: noop, attach: {} }, 'option "metrics.attach" must be a function'],
    ["a sink with no hook and no attach", { flush: noop }, 'option "metrics" must be a metrics sink: an object with at least one of onAttempt, onRetry, onSuccess, onGiveUp, onCircuitStateChange, attach (got "{ flush }")'],
    ["an empty object", [{}], 'option "metrics[0]" must be a metrics sink'],
    ["a number", 42, 'option "metrics" must be a metrics sink'],
    ["null in an array", [{ onRetry: noop }, null], 'option "metrics[1]" must be a metrics sink'],
    ["a nested array", [[{ onRetry: noop }]], 'option "metrics[0]" must be a metrics sink: an object with at least one of onAttempt, onRetry, onSuccess, onGiveUp, onCircuitStateChange, attach (got "an array")'],
    ["the factory instead of its result", function openTelemetryMetrics() {}, "(the factory's result, e.g. openTelemetryMetrics(), not the factory) (got \"function openTelemetryMetrics\")"],
  ])("refuses %s", (_label, metrics, message) => {
    expect(create(metrics)).toThrow(message);
  });

  test("refuses the same sink twice, which would count every event twice", () => {
    const sink = { onRetry: noop };
    expect(create([sink, { onGiveUp: noop }, sink])).toThrow('option "metrics[2]" must be a sink other than metrics[0]');
  });

  test("a misspelt metrics option gets a suggestion", () => {
    expect(() => createResilience({ metrcs: {} } as ResilienceOptions)).toThrow("did you mean metrics?");
  });
});

describe("delivery", () => {
  test("hooks first, then each sink in order, all with one frozen event; a sink's methods keep `this`", () => {
    const seen: Array<[string, unknown]> = [];
    class Sink implements MetricsSink {
      constructor(readonly name: string) {}
      onRetry(e: RetryEvent): void {
        seen.push([this.name, e]);
      }
    }
    const emitter = new HookEmitter({ onRetry: (e) => seen.push(["hook", e]) }, [
      { name: "metrics[0]", sink: new Sink("a") },
      { name: "metrics[1]", sink: { onGiveUp: noop } },
      { name: "metrics[2]", sink: new Sink("b") },
    ]);
    emitter.emit("onRetry", event, undefined);
    expect(seen.map(([who]) => who)).toEqual(["hook", "a", "b"]);
    expect(seen.every(([, e]) => e === event)).toBe(true);
    expect(Object.isFrozen(event)).toBe(true);
  });

  test("listens when a hook or a sink listens, and only then", () => {
    const emitter = new HookEmitter({ onRetry: noop }, [{ name: "metrics", sink: { onGiveUp: noop } }]);
    expect(emitter.listens("onRetry")).toBe(true);
    expect(emitter.listens("onGiveUp")).toBe(true);
    expect(emitter.listens("onAttempt")).toBe(false);
    expect(emitter.listens("onSuccess")).toBe(false);
    expect(emitter.listens("onCircuitStateChange")).toBe(false);
  });

  test("a sink that throws or rejects is contained: one warning naming it, and the others still get the event", async () => {
    const warnings: string[] = [];
    const received: string[] = [];
    const emitter = new HookEmitter({ onRetry: () => void received.push("hook") }, [
      {
        name: "metrics[0]",
        sink: {
          onRetry: () => {
            throw new TypeError("exporter down");
          },
        },
      },
      { name: "metrics[1]", sink: { onRetry: async () => Promise.reject(new Error("flush failed")) } },
      { name: "metrics[2]", sink: { onRetry: () => void received.push("last") } },
    ]);
    emitter.emit("onRetry", { ...event }, { warn: (line) => warnings.push(String(line)) });
    await settled();
    expect(received).toEqual(["hook", "last"]);
    expect(warnings).toEqual([
      "smithy-resilience metrics[0].onRetry failed and was ignored: TypeError: exporter down",
      "smithy-resilience metrics[1].onRetry failed and was ignored: Error: flush failed",
    ]);
  });
});

describe("attach", () => {
  test("is called once, at createResilience, with a reader of the snapshot and nothing else", () => {
    const sources: SnapshotSource[] = [];
    const sink = { attach: (source: SnapshotSource) => void sources.push(source) };
    const r = createResilience({ metrics: [sink, { onRetry: noop }], clock: { epochMs: () => 1_234 } });
    expect(sources).toHaveLength(1);
    expect(Object.keys(sources[0])).toEqual(["snapshot"]);
    expect(sources[0].snapshot()).toEqual({ takenAt: 1_234, routes: [] });
    expect(sources[0].snapshot()).toEqual(r.snapshot());
  });

  test("a sink may read the snapshot inside attach", () => {
    let inside: unknown;
    createResilience({ metrics: { attach: (source) => void (inside = source.snapshot()) }, clock: { epochMs: () => 5 } });
    expect(inside).toEqual({ takenAt: 5, routes: [] });
  });

  test("a failing attach is contained with one warning through the library's logger", async () => {
    const warnings: string[] = [];
    const logger = { warn: (line: unknown) => void warnings.push(String(line)) };
    const throwing: MetricsSink = {
      attach: () => {
        throw new Error("no meter");
      },
    };
    const rejecting = { attach: async () => Promise.reject(new Error("late")) };
    expect(() => createResilience({ metrics: [throwing, rejecting], logger })).not.toThrow();
    await settled();
    expect(warnings).toEqual([
      "smithy-resilience metrics[0].attach failed and was ignored: Error: no meter",
      "smithy-resilience metrics[1].attach failed and was ignored: Error: late",
    ]);
  });
});
