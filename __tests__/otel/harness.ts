/**
 * The real OpenTelemetry metrics SDK with an in-memory exporter and a reader collected on demand: what a
 * user's pipeline would export, read back as data points.
 */
import type { Attributes } from "@opentelemetry/api";
import type { DataPoint, Histogram, MetricData, ResourceMetrics } from "@opentelemetry/sdk-metrics";
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";

/** A reader that collects only when asked. */
class OnDemandReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** One exported metric, flattened: its descriptor and its data points. */
export interface Exported {
  name: string;
  unit: string;
  description: string;
  scope: { name: string; version?: string };
  points: Array<DataPoint<number | Histogram>>;
  /** The histogram's bucket boundaries, when it is one. */
  boundaries?: number[];
}

export interface Harness {
  provider: MeterProvider;
  /** Collects through the reader, exports to the in-memory exporter, and returns every metric by name. */
  collect(): Promise<Map<string, Exported>>;
  shutdown(): Promise<void>;
}

export function harness(): Harness {
  const reader = new OnDemandReader();
  const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const provider = new MeterProvider({ readers: [reader] });
  return {
    provider,
    async collect() {
      const { resourceMetrics, errors } = await reader.collect();
      expect(errors).toEqual([]);
      exporter.reset();
      await new Promise<void>((resolve) => exporter.export(resourceMetrics, () => resolve()));
      return flatten(exporter.getMetrics());
    },
    shutdown: () => provider.shutdown(),
  };
}

function flatten(all: ResourceMetrics[]): Map<string, Exported> {
  const byName = new Map<string, Exported>();
  for (const resource of all) {
    for (const scope of resource.scopeMetrics) {
      for (const metric of scope.metrics as MetricData[]) {
        const points = metric.dataPoints as Array<DataPoint<number | Histogram>>;
        const first = points[0]?.value;
        byName.set(metric.descriptor.name, {
          name: metric.descriptor.name,
          unit: metric.descriptor.unit,
          description: metric.descriptor.description,
          scope: { name: scope.scope.name, version: scope.scope.version },
          points,
          ...(typeof first === "object" && first !== null && "buckets" in first ? { boundaries: first.buckets.boundaries } : {}),
        });
      }
    }
  }
  return byName;
}

/** The data points of `name` whose attributes include `attributes`. */
export function pointsOf(metrics: Map<string, Exported>, name: string, attributes: Attributes = {}): Array<DataPoint<number | Histogram>> {
  return (metrics.get(name)?.points ?? []).filter((p) => Object.entries(attributes).every(([k, v]) => p.attributes[k] === v));
}

/** Sum of a counter's points (or of a histogram's counts) whose attributes include `attributes`. */
export function total(metrics: Map<string, Exported>, name: string, attributes: Attributes = {}): number {
  return pointsOf(metrics, name, attributes).reduce((sum, p) => sum + (typeof p.value === "number" ? p.value : p.value.count), 0);
}

/** Every attribute set of every data point of every metric. */
export function allAttributes(metrics: Map<string, Exported>): Attributes[] {
  return [...metrics.values()].flatMap((m) => m.points.map((p) => p.attributes));
}

/** The attribute keys the adapter may ever write. */
export const ALLOWED_ATTRIBUTE_KEYS = [
  "rpc.system.name",
  "rpc.method",
  "cloud.region",
  "error.type",
  "smithy_resilience.service",
  "smithy_resilience.error_class",
  "smithy_resilience.give_up.reason",
  "smithy_resilience.breaker.state",
];

/** Fails when any attribute is not an allowed key, or any value contains one of `forbidden`. */
export function expectBoundedAttributes(metrics: Map<string, Exported>, forbidden: readonly string[]): void {
  for (const attributes of allAttributes(metrics)) {
    for (const [key, value] of Object.entries(attributes)) {
      expect(ALLOWED_ATTRIBUTE_KEYS).toContain(key);
      for (const bad of forbidden) expect(String(value)).not.toContain(bad);
    }
  }
}
