/**
 * The report's charts as inline SVG: requests over time per variant with the phases marked, call latency
 * distribution, and per-phase bars. Pure functions of the records; every series carries `data-series`.
 * @packageDocumentation
 */

import type { CircuitState } from "../../src";
import type { EmulatorService } from "../../src/testing";
import { OUTCOMES, type AttemptRecord, type CircuitChangeRecord, type Outcome, type PhaseWindow, type VariantId } from "../metrics";
import { element, escapeXml, linearScale, linearTicks, logScale, niceStep, svgChart, text } from "./svg";

export const VARIANT_COLORS: Readonly<Record<VariantId, string>> = {
  "sdk-standard": "#c2410c",
  "smithy-resilience": "#1d4ed8",
};

export const OUTCOME_COLORS: Readonly<Record<Outcome, string>> = {
  ok: "#16a34a",
  throttled: "#f59e0b",
  "server-error": "#dc2626",
  "client-error": "#7c3aed",
  "network-error": "#475569",
};

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  ok: "2xx success",
  throttled: "429 throttled",
  "server-error": "5xx server error",
  "client-error": "4xx client error",
  "network-error": "no response",
};

export const CIRCUIT_COLORS: Readonly<Record<Exclude<CircuitState, "closed">, string>> = {
  open: "#dc2626",
  "half-open": "#f59e0b",
};

const WIDTH = 960;
const FONT = 11;
/** About this many time buckets across the timeline. */
const TARGET_BUCKETS = 120;

/** One variant's panel of the timeline. */
export interface TimelinePanel {
  variant: VariantId;
  label: string;
  attempts: ReadonlyArray<Pick<AttemptRecord, "atMs" | "outcome">>;
  phases: readonly PhaseWindow[];
  circuitChanges: readonly CircuitChangeRecord[];
}

/** A service's row under the timeline, where its circuit breaker's open periods are drawn. */
export interface BreakerLane {
  service: EmulatorService;
  label: string;
}

/** Horizontal grid lines with their labels at the left edge of the plot. */
function horizontalGrid(
  ticks: readonly number[],
  y: (value: number) => number,
  [left, right]: readonly [number, number],
  label: (tick: number) => string,
  fontSize = FONT,
): string[] {
  return ticks.map((tick) =>
    element(
      "g",
      {},
      element("line", { x1: left, x2: right, y1: y(tick), y2: y(tick), stroke: "#cbd5e1", "stroke-width": 0.5 }),
      text({ x: left - 6, y: y(tick) + 4, "text-anchor": "end", "font-size": fontSize }, label(tick)),
    ),
  );
}

/** Counts attempts per time bucket and outcome; attempts past the last bucket land in it. */
export function bucketAttempts(
  attempts: ReadonlyArray<Pick<AttemptRecord, "atMs" | "outcome">>,
  bucketMs: number,
  bucketCount: number,
): Array<Record<Outcome, number>> {
  const buckets = Array.from({ length: bucketCount }, () => Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>);
  for (const attempt of attempts) {
    const index = Math.min(bucketCount - 1, Math.max(0, Math.floor(attempt.atMs / bucketMs)));
    buckets[index][attempt.outcome]++;
  }
  return buckets;
}

/** The periods a service's breaker was not closed, from its state changes (in time order) up to `endMs`. */
export function breakerPeriods(
  changes: readonly CircuitChangeRecord[],
  service: EmulatorService,
  endMs: number,
): Array<{ fromMs: number; toMs: number; state: Exclude<CircuitState, "closed"> }> {
  const own = changes.filter((c) => c.service === service);
  return own.flatMap((change, i) =>
    change.to === "closed" ? [] : [{ fromMs: change.atMs, toMs: own[i + 1]?.atMs ?? endMs, state: change.to }],
  );
}

/** One SVG per panel, on shared time and rate scales so the variants can be compared by eye. */
export function timelineCharts(panels: readonly TimelinePanel[], lanes: readonly BreakerLane[], durationMs: number): string[] {
  const bucketMs = niceStep(Math.max(durationMs, 1) / TARGET_BUCKETS);
  const bucketCount = Math.max(1, Math.ceil(durationMs / bucketMs));
  const perSecond = 1000 / bucketMs;
  const bucketed = panels.map((panel) => bucketAttempts(panel.attempts, bucketMs, bucketCount));
  const peak = Math.max(1, ...bucketed.flat().map((b) => OUTCOMES.reduce((sum, o) => sum + b[o], 0) * perSecond));
  const yTicks = linearTicks(peak, 4);
  return panels.map((panel, i) => {
    const showLanes = panel.circuitChanges.length > 0;
    const margin = { left: 110, right: 16, top: 22, bottom: 34 };
    const plotHeight = 150;
    const lanesHeight = showLanes ? 18 + lanes.length * 14 : 0;
    const height = margin.top + plotHeight + margin.bottom + lanesHeight;
    const x = linearScale([0, bucketCount * bucketMs], [margin.left, WIDTH - margin.right]);
    const y = linearScale([0, yTicks[yTicks.length - 1]], [margin.top + plotHeight, margin.top]);
    const bottom = margin.top + plotHeight;

    const phaseBands = panel.phases.map((phase, p) =>
      element(
        "g",
        { "data-phase": phase.phase },
        element("rect", {
          x: x(phase.startMs),
          y: margin.top,
          width: Math.max(0, x(phase.endMs) - x(phase.startMs)),
          height: plotHeight,
          fill: p % 2 === 0 ? "#f1f5f9" : "#e2e8f0",
        }),
        text({ x: (x(phase.startMs) + x(phase.endMs)) / 2, y: margin.top - 7, "text-anchor": "middle", "font-size": FONT }, phase.phase),
      ),
    );
    const grid = horizontalGrid(yTicks, y, [margin.left, WIDTH - margin.right], String);
    const barWidth = Math.max(0.5, x(bucketMs) - x(0) - 0.5);
    const bars = bucketed[i].flatMap((bucket, b) => {
      let stacked = 0;
      return OUTCOMES.filter((o) => bucket[o] > 0).map((outcome) => {
        const rate = bucket[outcome] * perSecond;
        const rect = element("rect", {
          x: x(b * bucketMs),
          y: y(stacked + rate),
          width: barWidth,
          height: y(stacked) - y(stacked + rate),
          fill: OUTCOME_COLORS[outcome],
          "data-outcome": outcome,
        });
        stacked += rate;
        return rect;
      });
    });
    const seconds = durationMs / 1000;
    const xTicks = linearTicks(seconds, 10).filter((s) => s * 1000 <= bucketCount * bucketMs);
    const xAxis = xTicks.map((s) =>
      text({ x: x(s * 1000), y: bottom + 14, "text-anchor": "middle", "font-size": FONT }, `${s}s`),
    );
    const laneRows = showLanes
      ? lanes.map((lane, l) => {
          const top = bottom + margin.bottom + 14 + l * 14;
          const periods = breakerPeriods(panel.circuitChanges, lane.service, durationMs).map((period) =>
            element("rect", {
              x: x(period.fromMs),
              y: top,
              width: Math.max(1, x(period.toMs) - x(period.fromMs)),
              height: 10,
              fill: CIRCUIT_COLORS[period.state],
              "data-breaker": period.state,
            }),
          );
          return element(
            "g",
            { "data-service": lane.service },
            text({ x: margin.left - 6, y: top + 9, "text-anchor": "end", "font-size": FONT - 1 }, lane.label),
            element("rect", { x: margin.left, y: top, width: WIDTH - margin.left - margin.right, height: 10, fill: "#f8fafc" }),
            ...periods,
          );
        })
      : [];
    const laneTitle = showLanes
      ? [text({ x: margin.left, y: bottom + margin.bottom + 8, "font-size": FONT }, "Circuit breaker: open (red), half-open (amber)")]
      : [];
    return svgChart(
      WIDTH,
      height,
      `Requests over time, ${panel.label}`,
      { "data-chart": "timeline", "data-series": panel.variant },
      element("title", {}, escapeXml(`Requests over time, ${panel.label}`)),
      ...phaseBands,
      ...grid,
      text({ x: 14, y: margin.top + plotHeight / 2, "font-size": FONT, transform: `rotate(-90 14 ${margin.top + plotHeight / 2})`, "text-anchor": "middle" }, "requests/s"),
      element("g", { "data-series": panel.variant, "data-kind": "attempts" }, ...bars),
      element("line", { x1: margin.left, x2: WIDTH - margin.right, y1: bottom, y2: bottom, stroke: "#334155" }),
      ...xAxis,
      ...laneTitle,
      ...laneRows,
    );
  });
}

/** A variant's call latencies for the distribution chart. */
export interface LatencySeries {
  variant: VariantId;
  label: string;
  latencies: readonly number[];
  p50?: number;
  p99?: number;
}

/** Bin edges of the latency histogram, ms: five per decade from 0.1 ms to at least `maxMs`. */
export function latencyBinEdges(maxMs: number): number[] {
  const last = Math.max(5, Math.ceil(Math.log10(Math.max(maxMs, 1000)) * 5));
  return Array.from({ length: last + 6 }, (_, k) => Number((10 ** ((k - 5) / 5)).toPrecision(6)));
}

/** Share of values (0..1) in each bin between consecutive edges; values outside land in the first or last bin. */
export function latencyHistogram(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length - 1).fill(0);
  for (const value of values) {
    const bin = edges.findIndex((edge, i) => i > 0 && value < edge);
    counts[bin === -1 ? counts.length - 1 : Math.max(0, bin - 1)]++;
  }
  return counts.map((count) => (values.length === 0 ? 0 : count / values.length));
}

function formatTickMs(ms: number): string {
  return ms >= 1000 ? `${ms / 1000}s` : `${ms}ms`;
}

/** The call latency distribution: one step line per variant, p50 and p99 marked. */
export function latencyChart(series: readonly LatencySeries[]): string {
  const height = 260;
  const margin = { left: 56, right: 16, top: 16, bottom: 40 };
  const edges = latencyBinEdges(Math.max(0, ...series.flatMap((s) => s.latencies)));
  const histograms = series.map((s) => latencyHistogram(s.latencies, edges));
  const yTicks = linearTicks(Math.max(0.01, ...histograms.flat()) * 100, 4);
  const x = logScale([edges[0], edges[edges.length - 1]], [margin.left, WIDTH - margin.right]);
  const y = linearScale([0, yTicks[yTicks.length - 1]], [height - margin.bottom, margin.top]);
  const decades = edges.filter((edge) => Number.isInteger(Math.log10(edge)));
  const grid = [
    ...horizontalGrid(yTicks, y, [margin.left, WIDTH - margin.right], (tick) => `${tick}%`),
    ...decades.map((edge) =>
      text({ x: x(edge), y: height - margin.bottom + 16, "text-anchor": "middle", "font-size": FONT }, formatTickMs(edge)),
    ),
    text({ x: (margin.left + WIDTH - margin.right) / 2, y: height - 6, "text-anchor": "middle", "font-size": FONT }, "call latency (log scale)"),
    text({ x: 12, y: height / 2, "font-size": FONT, transform: `rotate(-90 12 ${height / 2})`, "text-anchor": "middle" }, "share of calls"),
  ];
  const lines = series.map((s, i) => {
    const color = VARIANT_COLORS[s.variant];
    const steps = histograms[i].flatMap((share, bin) => [`L${x(edges[bin]).toFixed(2)},${y(share * 100).toFixed(2)}`, `L${x(edges[bin + 1]).toFixed(2)},${y(share * 100).toFixed(2)}`]);
    const d = `M${x(edges[0]).toFixed(2)},${y(0).toFixed(2)}${steps.join("")}L${x(edges[edges.length - 1]).toFixed(2)},${y(0).toFixed(2)}`;
    const markers = (["p50", "p99"] as const)
      .filter((p) => s[p] !== undefined)
      .map((p) =>
        element(
          "g",
          { "data-series": s.variant, "data-marker": p },
          element("line", {
            x1: x(s[p] as number),
            x2: x(s[p] as number),
            y1: margin.top,
            y2: height - margin.bottom,
            stroke: color,
            "stroke-dasharray": p === "p50" ? "2 3" : "6 3",
          }),
          text({ x: x(s[p] as number) + 3, y: margin.top + 10 + i * 12, "font-size": FONT - 1, fill: color }, p),
        ),
      );
    return element(
      "g",
      {},
      element("path", { d, fill: color, "fill-opacity": 0.12, stroke: color, "stroke-width": 1.5, "data-series": s.variant }),
      ...markers,
    );
  });
  return svgChart(
    WIDTH,
    height,
    "Call latency distribution per variant",
    { "data-chart": "latency" },
    element("title", {}, "Call latency distribution per variant"),
    ...grid,
    element("line", { x1: margin.left, x2: WIDTH - margin.right, y1: y(0), y2: y(0), stroke: "#334155" }),
    ...lines,
  );
}

/** Per-category values of one variant, for a grouped bar chart. */
export interface BarSeries {
  variant: VariantId;
  label: string;
  values: readonly number[];
}

/** Bars per category (phase), one per variant, each labelled with its value. */
export function groupedBarChart(options: {
  chart: string;
  title: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  format: (value: number) => string;
  /** Top of the value axis; default the largest value, rounded up. */
  max?: number;
}): string {
  const width = WIDTH / 2 - 8;
  const height = 220;
  const margin = { left: 40, right: 8, top: 26, bottom: 28 };
  const ticks = linearTicks(options.max ?? Math.max(0.01, ...options.series.flatMap((s) => s.values)), 4);
  const y = linearScale([0, ticks[ticks.length - 1]], [height - margin.bottom, margin.top]);
  const groupWidth = (width - margin.left - margin.right) / Math.max(1, options.categories.length);
  const barWidth = (groupWidth * 0.8) / Math.max(1, options.series.length);
  const grid = horizontalGrid(ticks, y, [margin.left, width - margin.right], options.format, FONT - 1);
  const groups = options.categories.map((category, c) => {
    const left = margin.left + c * groupWidth + groupWidth * 0.1;
    const bars = options.series.map((s, i) =>
      element(
        "g",
        { "data-series": s.variant, "data-phase": category },
        element("rect", {
          x: left + i * barWidth,
          y: y(s.values[c]),
          width: barWidth - 1,
          height: y(0) - y(s.values[c]),
          fill: VARIANT_COLORS[s.variant],
        }),
        text(
          { x: left + (i + 0.5) * barWidth, y: y(s.values[c]) - 3, "text-anchor": "middle", "font-size": FONT - 2 },
          options.format(s.values[c]),
        ),
      ),
    );
    return element(
      "g",
      {},
      ...bars,
      text({ x: left + groupWidth * 0.4, y: height - margin.bottom + 14, "text-anchor": "middle", "font-size": FONT - 1 }, category),
    );
  });
  return svgChart(
    width,
    height,
    options.title,
    { "data-chart": options.chart },
    element("title", {}, escapeXml(options.title)),
    text({ x: margin.left, y: 14, "font-size": FONT + 1, "font-weight": "bold" }, options.title),
    ...grid,
    element("line", { x1: margin.left, x2: width - margin.right, y1: y(0), y2: y(0), stroke: "#334155" }),
    ...groups,
  );
}
