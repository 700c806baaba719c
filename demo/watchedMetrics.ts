/**
 * What a user of smithy-resilience would watch on a dashboard, collected the way a user would: through a
 * {@link MetricsSink} of the demo's own, passed as `createResilience({ metrics })`. It counts the events it
 * receives (retries by error class, give-ups by reason, throttled attempts, calls refused by an open
 * breaker, breaker changes) and reads the snapshot it is attached to like a gauge scraper: at the start of
 * each phase and after every call, on the stream's virtual clock. The SDK's standard retry has nothing of
 * the kind to attach to.
 * @packageDocumentation
 */

import type { CircuitState, ErrorClass, GiveUpReason, MetricsSink, PacingSnapshot, ResilienceSnapshot, SnapshotSource } from "../src";
import type { EmulatorService } from "../src/testing";
import type { RecordKey } from "./metrics";
import type { PhaseName } from "./phases";
import { count, list } from "./prose";

/** The counters a dashboard would show. */
export type WatchedCounter = "retry" | "give-up" | "throttle" | "circuit-open-rejection" | "circuit-change";

/** One increment of a counter: a retry (label: its error class), a give-up (its reason), a breaker change (its new state). */
export interface WatchedEvent extends RecordKey {
  counter: WatchedCounter;
  label?: string;
}

/** What the gauges read at one moment: the snapshot's route of the stream. */
export interface GaugeReading {
  /** Requests/s the rate limiter paces the stream's operation at; null while it does not pace. */
  pacingRate: number | null;
  /** Attempts waiting for their turn under the rate limiter. */
  queueDepth: number;
  /** The route's circuit breaker; null before the first call (no route yet) or without breakers. */
  breaker: CircuitState | null;
  /** Retry-budget tokens left; null before the first call or without budgets. */
  budget: number | null;
}

/** A gauge reading at a moment of the stream's virtual clock. */
export interface GaugeSample extends RecordKey, GaugeReading {
  /** The stream's virtual clock, ms. */
  atMs: number;
}

/** Everything the watched-metrics sinks of a run recorded. */
export interface WatchedRecords {
  events: WatchedEvent[];
  samples: GaugeSample[];
}

export function emptyWatchedRecords(): WatchedRecords {
  return { events: [], samples: [] };
}

/** Where a sink's counts go: the stream adds the variant, service and phase. */
export interface WatchedCounts {
  count(counter: WatchedCounter, label?: string): void;
}

/** A sink that also reads the gauges of the instance it is attached to. */
export interface WatchedMetricsSink extends MetricsSink {
  /** The gauges now; undefined until `createResilience` has attached the sink. */
  read(): GaugeReading | undefined;
}

/** The pacing of `operation` in a snapshot: its own quota when it has one, else its service's. */
function pacingOf(snapshot: ResilienceSnapshot, operation: string): { route: ResilienceSnapshot["routes"][number] | undefined; pacing: PacingSnapshot | undefined } {
  // One instance per stream, one client, one endpoint: at most one route; the last is the most recent.
  const route = snapshot.routes[snapshot.routes.length - 1];
  return { route, pacing: route?.pacing?.operations?.[operation] ?? route?.pacing };
}

/** The gauges of `operation` in a snapshot. */
export function readGauges(snapshot: ResilienceSnapshot, operation: string): GaugeReading {
  const { route, pacing } = pacingOf(snapshot, operation);
  return {
    pacingRate: pacing?.ratePerSecond ?? null,
    queueDepth: pacing?.queueDepth ?? 0,
    breaker: route?.breaker?.state ?? null,
    budget: route?.budget?.available ?? null,
  };
}

/**
 * The demo's own metrics sink for one stream's resilience instance, calling `operation`: counts go to
 * `counts`, gauges are read from the snapshot it is attached to whenever `read()` is called.
 */
export function createWatchedMetricsSink(operation: string, counts: WatchedCounts): WatchedMetricsSink {
  let source: SnapshotSource | undefined;
  return {
    onAttempt: (event) => {
      if (event.errorClass === "THROTTLING") counts.count("throttle");
    },
    onRetry: (event) => counts.count("retry", event.errorClass),
    onGiveUp: (event) => {
      counts.count("give-up", event.reason);
      // Refused before any request; a failed probe of an open breaker gives up for it too, after one attempt.
      if (event.reason === "circuit-open" && event.attempts === 0) counts.count("circuit-open-rejection");
    },
    onCircuitStateChange: (event) => counts.count("circuit-change", event.to),
    attach: (attached) => {
      source = attached;
    },
    read: () => (source ? readGauges(source.snapshot(), operation) : undefined),
  };
}

/** One service's gauges over a phase, its time from the phase's start. */
export interface GaugeSeries {
  service: EmulatorService;
  points: Array<{ atMs: number; pacingRate: number | null; breaker: CircuitState | null }>;
}

/** The dashboard of one phase: smithy-resilience's counters over the phase, and its gauges over time. */
export interface PhaseDashboard {
  phase: PhaseName;
  retriesByClass: Partial<Record<ErrorClass, number>>;
  giveUpsByReason: Partial<Record<GiveUpReason, number>>;
  /** Attempts the service throttled (classed THROTTLING). */
  throttles: number;
  /** Calls an open breaker refused without sending them. */
  circuitOpenRejections: number;
  /** Breaker changes, by the state changed to. */
  breakerChanges: Partial<Record<CircuitState, number>>;
  /** The pacing rate over the phase, all services: lowest and highest read, and the last read of each pacing service; undefined when none paced. */
  pacing?: { min: number; max: number; last: number[] };
  /** Services whose breaker read open or half-open at some sample of the phase. */
  breakersNotClosed: number;
  /** Fewest retry-budget tokens read, over the services; undefined before any call. */
  budgetLow?: number;
  /** The gauges per service, in service order. */
  series: GaugeSeries[];
}

/** What `--json` keeps of the watched metrics. */
export interface DashboardResults {
  /** The variant the sink was attached to. */
  variant: "smithy-resilience";
  /** Why the SDK variant has none. */
  sdkNote: string;
  /** How the gauges were sampled. */
  samplingNote: string;
  phases: PhaseDashboard[];
}

export const SDK_NO_METRICS =
  "The SDK's standard retry has no metrics to watch: it emits no retry events and exposes no counters or gauges; all " +
  "it tells is $metadata.attempts and totalRetryDelay on each response or error, one call at a time.";

export const SAMPLING_NOTE =
  "Counters come from the events the demo's own MetricsSink received; the pacing rate and breaker state were read " +
  "from the snapshot it was attached to, at each phase's start and after every call, on the stream's virtual clock.";

function countLabels<K extends string>(events: readonly WatchedEvent[], counter: WatchedCounter): Partial<Record<K, number>> {
  const counts: Partial<Record<K, number>> = {};
  for (const event of events) {
    if (event.counter !== counter || event.label === undefined) continue;
    const key = event.label as K;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/** Rates to the hundredth of a request/s: enough for a dashboard, and a JSON people can read. */
function roundRate(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 100) / 100;
}

/** The dashboard of `phase` from the records, services in `services` order. */
export function phaseDashboard(records: WatchedRecords, phase: PhaseName, services: readonly EmulatorService[]): PhaseDashboard {
  const events = records.events.filter((e) => e.phase === phase && e.variant === "smithy-resilience");
  const samples = records.samples.filter((s) => s.phase === phase && s.variant === "smithy-resilience");
  const series = services.map((service) => {
    const own = samples.filter((s) => s.service === service);
    const start = own[0]?.atMs ?? 0;
    return { service, points: own.map((s) => ({ atMs: Math.round(s.atMs - start), pacingRate: roundRate(s.pacingRate), breaker: s.breaker })) };
  });
  const rates = series.flatMap((s) => s.points.flatMap((p) => (p.pacingRate === null ? [] : [p.pacingRate])));
  const last = series.flatMap((s) => {
    const rate = s.points[s.points.length - 1]?.pacingRate;
    return rate === null || rate === undefined ? [] : [rate];
  });
  const budgets = samples.flatMap((s) => (s.budget === null ? [] : [s.budget]));
  return {
    phase,
    retriesByClass: countLabels(events, "retry"),
    giveUpsByReason: countLabels(events, "give-up"),
    throttles: events.filter((e) => e.counter === "throttle").length,
    circuitOpenRejections: events.filter((e) => e.counter === "circuit-open-rejection").length,
    breakerChanges: countLabels(events, "circuit-change"),
    ...(rates.length > 0 ? { pacing: { min: Math.min(...rates), max: Math.max(...rates), last } } : {}),
    breakersNotClosed: series.filter((s) => s.points.some((p) => p.breaker === "open" || p.breaker === "half-open")).length,
    ...(budgets.length > 0 ? { budgetLow: Math.min(...budgets) } : {}),
    series,
  };
}

/** The dashboards of a run, one per phase in run order, with the notes. */
export function dashboardResults(records: WatchedRecords, phases: readonly PhaseName[], services: readonly EmulatorService[]): DashboardResults {
  return {
    variant: "smithy-resilience",
    sdkNote: SDK_NO_METRICS,
    samplingNote: SAMPLING_NOTE,
    phases: phases.map((phase) => phaseDashboard(records, phase, services)),
  };
}

/** Retries by class as prose: "45 TRANSIENT". */
const byClass = (d: PhaseDashboard) => list(Object.entries(d.retriesByClass).map(([errorClass, n]) => `${n} ${errorClass}`));

const total = (counts: Partial<Record<string, number>>) => Object.values(counts).reduce((sum: number, n) => sum + (n ?? 0), 0);

/** A rate's number for people: "5.8", "12". */
export function rateNumber(rate: number): string {
  return rate < 10 ? rate.toFixed(1) : String(Math.round(rate));
}

/** A rate for people: "5.8 requests/s". */
export function formatRate(rate: number): string {
  return `${rateNumber(rate)} requests/s`;
}

/**
 * One or two sentences on what the dashboard showed in a phase and how it bears out the phase's reading,
 * from its numbers alone: the breaker first, then throttling and pacing, then give-ups, then retries.
 */
export function dashboardReading(d: PhaseDashboard): string {
  const retries = total(d.retriesByClass);
  const giveUps = total(d.giveUpsByReason);
  const opened = d.breakerChanges.open ?? 0;
  const closed = d.breakerChanges.closed ?? 0;
  const heldOver = d.series.filter((s) => s.points[0]?.breaker === "open" || s.points[0]?.breaker === "half-open").length;
  const sentences: string[] = [];
  if (d.circuitOpenRejections > 0 || d.breakersNotClosed > 0) {
    const gauge =
      heldOver > 0
        ? `The breaker gauge read open from the start for ${count(heldOver, "service")}${opened > 0 ? ` and went to open ${count(opened, "more time")}` : ""}`
        : `The breaker gauge went to open ${opened === 1 ? "once" : `${opened} times`}`;
    const rejected =
      d.circuitOpenRejections > 0
        ? `the circuit-open rejections counter rose by ${d.circuitOpenRejections}: the calls refused without a request, as read above`
        : "no call was rejected";
    const end = closed > 0 ? `; ${count(closed, "breaker")} closed again once a probe got through` : "";
    sentences.push(`${gauge}, and ${rejected}${end}.`);
  }
  if (d.throttles > 0) {
    const pacing = d.pacing
      ? d.pacing.min === d.pacing.max
        ? `the pacing gauge read ${formatRate(d.pacing.min)}: the rate limiter holding the send rate down, the wait read above`
        : `the pacing gauge moved between ${formatRate(d.pacing.min)} and ${formatRate(d.pacing.max)}: the rate limiter learning the capacity, the wait read above`
      : "the pacing gauge stayed empty: the rate limiter did not pace";
    sentences.push(`The throttles counter rose by ${d.throttles}, and ${pacing}.`);
  } else if (d.pacing) {
    const end = d.pacing.last.length === 0 ? "until the rate limiter stopped pacing" : "and it was still pacing when the phase ended";
    sentences.push(`Nothing was throttled, yet the pacing gauge read up to ${formatRate(d.pacing.max)}: the rate learned from earlier 429s, ${end}.`);
  }
  if (sentences.length === 0 && giveUps > 0) {
    const reasons = Object.entries(d.giveUpsByReason)
      .filter((entry): entry is [string, number] => (entry[1] ?? 0) > 0)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([reason, n]) => `${n} ${reason}`);
    if ((d.giveUpsByReason["non-retryable"] ?? 0) === giveUps && retries === 0) {
      sentences.push(
        `Only give-ups rose (${giveUps}, all non-retryable), with no retry: the requests themselves are wrong, an alert for the caller's code rather than the service.`,
      );
    } else if (retries > 0) {
      sentences.push(
        `Retries rose by ${retries} (${byClass(d)}) and give-ups by ${giveUps} (${list(reasons)}): the retries absorbed most errors, ` +
          `${count(giveUps, "call")} still failed, as read above.`,
      );
    } else {
      sentences.push(`Give-ups rose by ${giveUps} (${list(reasons)}) with no retry: calls failing for good, what an alert should fire on.`);
    }
  }
  if (sentences.length === 0 && retries > 0) {
    sentences.push(`Retries rose (${byClass(d)}) while give-ups stayed at zero: the errors were absorbed, a flaky dependency on the dashboard but no failed call.`);
  }
  if (sentences.length === 0) sentences.push("Flat: no retry, no give-up, no throttle, every breaker closed and nothing paced: what healthy looks like.");
  return sentences.join(" ");
}
