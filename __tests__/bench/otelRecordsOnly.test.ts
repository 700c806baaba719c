/**
 * The bench's OTel floor (`sdk-standard-otel-records`) must make the records the OTel adapter makes for
 * calls that succeed at once, no more and no fewer, or its ratio would not be the floor it is quoted as.
 */
import { createResilience } from "../../src";
import { openTelemetryMetrics } from "../../src/otel";
import { METRIC } from "../../src/otel/names";
import { installOtelRecordsOnly } from "../../bench/otelRecordsOnly";
import { inMemoryHandler } from "../../bench/inMemoryHandler";
import { harness } from "../otel/harness";
import type { Exported, Harness } from "../otel/harness";
import { pinpointClient, sendMessages } from "../support/clients";

const CALLS = 4;
let adapter: Harness;
let floor: Harness;
beforeEach(() => {
  adapter = harness();
  floor = harness();
});
afterEach(async () => {
  await adapter.shutdown();
  await floor.shutdown();
});

/** Per metric name, the attribute sets of its data points and their counts. */
function recorded(metrics: Map<string, Exported>): Record<string, Array<{ attributes: object; count: number }>> {
  const out: Record<string, Array<{ attributes: object; count: number }>> = {};
  for (const [name, metric] of metrics) {
    out[name] = metric.points.map((p) => ({ attributes: p.attributes, count: typeof p.value === "number" ? p.value : p.value.count }));
  }
  return out;
}

test("clean calls: the same metrics, attribute sets and counts as the adapter's", async () => {
  const r = createResilience({ metrics: openTelemetryMetrics({ meter: adapter.provider.getMeter("adapter") }) });
  const withAdapter = pinpointClient({ resilience: r, requestHandler: inMemoryHandler() });
  const withFloor = pinpointClient({ requestHandler: inMemoryHandler() });
  installOtelRecordsOnly(withFloor.middlewareStack as never, floor.provider.getMeter("floor"), "Pinpoint/SendMessages", "us-east-1");

  for (let i = 0; i < CALLS; i++) {
    await withAdapter.send(sendMessages());
    await withFloor.send(sendMessages());
  }

  const fromAdapter = recorded(await adapter.collect());
  const fromFloor = recorded(await floor.collect());
  const recordedPerCall = ["rpc.client.call.duration", "smithy_resilience.attempt.duration", "smithy_resilience.call.attempts"];
  expect(Object.keys(fromFloor).sort()).toEqual(recordedPerCall);
  expect(fromFloor).toEqual(Object.fromEntries(recordedPerCall.map((name) => [name, fromAdapter[name]])));
  // The adapter's other metrics are gauges, read at collection: nothing per call.
  const gauges: string[] = [METRIC.breakerState, METRIC.limiterRate, METRIC.limiterQueueSize, METRIC.budgetAvailable, METRIC.budgetUtilization];
  for (const name of Object.keys(fromAdapter).filter((name) => !recordedPerCall.includes(name))) expect(gauges).toContain(name);
  expect(fromFloor["smithy_resilience.attempt.duration"]).toEqual([{ attributes: { "rpc.method": "Pinpoint/SendMessages", "cloud.region": "us-east-1" }, count: CALLS }]);
});
