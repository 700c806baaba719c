/**
 * The README's OpenTelemetry table is what the adapter creates: every instrument, its kind and its unit,
 * read from a meter that records the calls.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Meter, MetricOptions } from "@opentelemetry/api";
import { createNoopMeter } from "@opentelemetry/api";
import { openTelemetryMetrics } from "../../src/otel";

/** What the adapter asked the meter for: name → "kind, unit". */
function instrumentsCreated(): Map<string, string> {
  const noop = createNoopMeter();
  const created = new Map<string, string>();
  const meter = {
    ...noop,
    createHistogram: (name: string, options?: MetricOptions) => (created.set(name, `histogram, ${options?.unit}`), noop.createHistogram(name, options)),
    createCounter: (name: string, options?: MetricOptions) => (created.set(name, `counter, ${options?.unit}`), noop.createCounter(name, options)),
    createObservableGauge: (name: string, options?: MetricOptions) => (created.set(name, `gauge, ${options?.unit}`), noop.createObservableGauge(name, options)),
    addBatchObservableCallback: () => undefined,
  } as unknown as Meter;
  openTelemetryMetrics({ meter }).attach?.({ snapshot: () => ({ takenAt: 0, routes: [] }) });
  return created;
}

test("the README's OpenTelemetry table lists every instrument with its kind and unit", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("### OpenTelemetry"), readme.indexOf("\n### ", readme.indexOf("### OpenTelemetry") + 1));
  const documented = new Map(
    [...section.matchAll(/^\| `([a-z_.]+)` \| (histogram|counter|gauge), `([^`]+)`/gm)].map((m) => [m[1], `${m[2]}, ${m[3]}`]),
  );
  expect(documented.size).toBeGreaterThan(10);
  expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(instrumentsCreated()));
});
