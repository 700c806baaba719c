/**
 * The demo's own metrics sink and the report's "What you would have seen on your dashboard" block, from
 * constructed events, snapshots and dashboards.
 */

import { createResilience, type ResilienceSnapshot } from "../../src";
import { emptyRecords } from "../../demo/metrics";
import type { PhaseName } from "../../demo/phases";
import { dashboardBlock, dashboardSparkline, maxPacingRate, runsOf, type DashboardScale } from "../../demo/report/dashboard";
import { buildReportHtml } from "../../demo/report/html";
import { escapeXml } from "../../demo/report/svg";
import {
  createWatchedMetricsSink,
  dashboardReading,
  emptyWatchedRecords,
  phaseDashboard,
  readGauges,
  SDK_NO_METRICS,
  type GaugeSample,
  type PhaseDashboard,
  type WatchedCounter,
  type WatchedRecords,
} from "../../demo/watchedMetrics";
import { SERVICES } from "../../demo/workload";
import { demoResults } from "./resultsFixture";

const SERVICE_NAMES = SERVICES.map((s) => s.name);
const SCALE: DashboardScale = { maxRate: 10, serviceLabels: Object.fromEntries(SERVICES.map((s) => [s.name, s.label])) };

/** A dashboard with nothing on it but what `figures` sets; three services with two closed samples each. */
function dashboard(phase: PhaseName, figures: Partial<PhaseDashboard> = {}): PhaseDashboard {
  return {
    phase,
    retriesByClass: {},
    giveUpsByReason: {},
    throttles: 0,
    circuitOpenRejections: 0,
    breakerChanges: {},
    breakersNotClosed: 0,
    budgetLow: 500,
    series: SERVICE_NAMES.map((service) => ({
      service,
      points: [
        { atMs: 0, pacingRate: null, breaker: "closed" },
        { atMs: 125, pacingRate: null, breaker: "closed" },
      ],
    })),
    ...figures,
  };
}

function snapshot(routes: ResilienceSnapshot["routes"]): ResilienceSnapshot {
  return { takenAt: 0, routes };
}

describe("the sink", () => {
  test("counts what a dashboard counts, from the events the library sends any sink", () => {
    const counted: Array<[WatchedCounter, string | undefined]> = [];
    const sink = createWatchedMetricsSink("SendMessages", { count: (counter, label) => counted.push([counter, label]) });
    const ref = { service: "Pinpoint", operation: "SendMessages", region: "us-east-1" };
    sink.onAttempt?.({ ...ref, attempt: 1, durationMs: 5, httpStatusCode: 429, errorName: "TooManyRequestsException", errorClass: "THROTTLING" });
    sink.onAttempt?.({ ...ref, attempt: 1, durationMs: 5, httpStatusCode: 200 });
    sink.onRetry?.({ ...ref, attempt: 1, delayMs: 10, errorName: "TooManyRequestsException", errorClass: "THROTTLING" });
    sink.onGiveUp?.({ ...ref, attempts: 0, reason: "circuit-open", errorName: "CircuitOpenError", errorClass: "TRANSIENT", durationMs: 0 });
    // A failed probe gives up for the open breaker too, but it was sent: not a rejection.
    sink.onGiveUp?.({ ...ref, attempts: 1, reason: "circuit-open", errorName: "InternalServerErrorException", errorClass: "TRANSIENT", durationMs: 9 });
    sink.onCircuitStateChange?.({ service: "Pinpoint", region: "us-east-1", from: "closed", to: "open" });
    expect(counted).toEqual([
      ["throttle", undefined],
      ["retry", "THROTTLING"],
      ["give-up", "circuit-open"],
      ["circuit-open-rejection", undefined],
      ["give-up", "circuit-open"],
      ["circuit-change", "open"],
    ]);
  });

  test("reads nothing until attached, then the snapshot of the instance it was given to", () => {
    const sink = createWatchedMetricsSink("SendTextMessage", { count: () => undefined });
    expect(sink.read()).toBeUndefined();
    createResilience({ metrics: sink });
    // No call yet: no route, so no breaker, budget or pacing.
    expect(sink.read()).toEqual({ pacingRate: null, queueDepth: 0, breaker: null, budget: null });
  });

  test("the gauges are the operation's own quota when it has one, else its service's", () => {
    const route = {
      service: "Pinpoint",
      region: "us-east-1",
      endpoint: "http://127.0.0.1:1",
      breaker: { state: "open" as const, retryAfterMs: 300 },
      budget: { available: 486, capacity: 500 },
      pacing: { ratePerSecond: 20, queueDepth: 0, operations: { SendMessages: { ratePerSecond: 5.5, queueDepth: 2 } } },
    };
    expect(readGauges(snapshot([route]), "SendMessages")).toEqual({ pacingRate: 5.5, queueDepth: 2, breaker: "open", budget: 486 });
    expect(readGauges(snapshot([route]), "GetApp")).toEqual({ pacingRate: 20, queueDepth: 0, breaker: "open", budget: 486 });
    expect(readGauges(snapshot([{ ...route, pacing: { ratePerSecond: undefined, queueDepth: 0 } }]), "GetApp").pacingRate).toBeNull();
  });
});

describe("a phase's dashboard from the records", () => {
  function records(): WatchedRecords {
    const r = emptyWatchedRecords();
    const key = { variant: "smithy-resilience" as const, phase: "outage" as const };
    const sample = (service: GaugeSample["service"], atMs: number, pacingRate: number | null, breaker: GaugeSample["breaker"]): GaugeSample => ({
      ...key,
      service,
      atMs,
      pacingRate,
      queueDepth: 0,
      breaker,
      budget: 500 - atMs / 100,
    });
    r.events.push(
      { ...key, service: "Pinpoint", counter: "retry", label: "TRANSIENT" },
      { ...key, service: "PinpointSMSVoice", counter: "retry", label: "TRANSIENT" },
      { ...key, service: "Pinpoint", counter: "give-up", label: "max-attempts" },
      { ...key, service: "Pinpoint", counter: "give-up", label: "circuit-open" },
      { ...key, service: "Pinpoint", counter: "circuit-open-rejection" },
      { ...key, service: "Pinpoint", counter: "circuit-change", label: "open" },
      // Another phase and the other variant do not count.
      { ...key, phase: "flaky", service: "Pinpoint", counter: "retry", label: "TRANSIENT" },
      { ...key, variant: "sdk-standard", service: "Pinpoint", counter: "retry", label: "TRANSIENT" },
    );
    r.samples.push(
      sample("Pinpoint", 10_000, 6.123, "closed"),
      sample("Pinpoint", 11_000, null, "open"),
      sample("PinpointSMSVoice", 10_000, 7.5, "closed"),
      sample("PinpointSMSVoice", 11_000, 8, "closed"),
    );
    return r;
  }

  test("adds up the counters and keeps each service's gauges from the phase's start", () => {
    const d = phaseDashboard(records(), "outage", SERVICE_NAMES);
    expect(d).toMatchObject({
      phase: "outage",
      retriesByClass: { TRANSIENT: 2 },
      giveUpsByReason: { "max-attempts": 1, "circuit-open": 1 },
      throttles: 0,
      circuitOpenRejections: 1,
      breakerChanges: { open: 1 },
      pacing: { min: 6.12, max: 8, last: [8] },
      breakersNotClosed: 1,
      budgetLow: 390,
    });
    expect(d.series.map((s) => s.service)).toEqual(SERVICE_NAMES);
    expect(d.series[0].points).toEqual([
      { atMs: 0, pacingRate: 6.12, breaker: "closed" },
      { atMs: 1000, pacingRate: null, breaker: "open" },
    ]);
    expect(d.series[2].points).toEqual([]);
  });

  test("a phase with nothing recorded has an empty dashboard", () => {
    const d = phaseDashboard(emptyRecords().watched, "healthy", SERVICE_NAMES);
    expect(d).toEqual({
      phase: "healthy",
      retriesByClass: {},
      giveUpsByReason: {},
      throttles: 0,
      circuitOpenRejections: 0,
      breakerChanges: {},
      breakersNotClosed: 0,
      series: SERVICE_NAMES.map((service) => ({ service, points: [] })),
    });
  });
});

describe("the sentence tying the dashboard to the phase's reading", () => {
  test.each<[string, PhaseDashboard, string]>([
    ["healthy", dashboard("healthy"), "Flat: no retry, no give-up, no throttle, every breaker closed and nothing paced: what healthy looks like."],
    [
      "retries absorbed",
      dashboard("flaky", { retriesByClass: { TRANSIENT: 45 } }),
      "Retries rose (45 TRANSIENT) while give-ups stayed at zero: the errors were absorbed, a flaky dependency on the dashboard but no failed call.",
    ],
    [
      "retries and a few give-ups",
      dashboard("flaky", { retriesByClass: { TRANSIENT: 45 }, giveUpsByReason: { "max-attempts": 2 } }),
      "Retries rose by 45 (45 TRANSIENT) and give-ups by 2 (2 max-attempts): the retries absorbed most errors, 2 calls still failed, as read above.",
    ],
    [
      "bad requests",
      dashboard("bad-requests", { giveUpsByReason: { "non-retryable": 180 } }),
      "Only give-ups rose (180, all non-retryable), with no retry: the requests themselves are wrong, an alert for the caller's code rather than the service.",
    ],
    [
      "throttled, learning",
      dashboard("throttled", { throttles: 23, retriesByClass: { THROTTLING: 23 }, pacing: { min: 5.94, max: 16.04, last: [5.94] } }),
      "The throttles counter rose by 23, and the pacing gauge moved between 5.9 requests/s and 16 requests/s: the rate limiter learning the capacity, the wait read above.",
    ],
    [
      "throttled, not pacing",
      dashboard("throttled", { throttles: 2 }),
      "The throttles counter rose by 2, and the pacing gauge stayed empty: the rate limiter did not pace.",
    ],
    [
      "outage: the breakers open, the pacing left over from throttling stops",
      dashboard("outage", {
        circuitOpenRejections: 3,
        breakerChanges: { open: 3 },
        breakersNotClosed: 3,
        giveUpsByReason: { "circuit-open": 63, "max-attempts": 51 },
        pacing: { min: 5.94, max: 8.4, last: [] },
      }),
      "The breaker gauge went to open 3 times, and the circuit-open rejections counter rose by 3: the calls refused without a request, " +
        "as read above. Nothing was throttled, yet the pacing gauge read up to 8.4 requests/s: the rate learned from earlier 429s, " +
        "until the rate limiter stopped pacing.",
    ],
    [
      "recovery: open from the start, closed by a probe",
      dashboard("recovery", {
        breakerChanges: { "half-open": 3, closed: 3 },
        breakersNotClosed: 3,
        series: SERVICE_NAMES.map((service) => ({
          service,
          points: [
            { atMs: 0, pacingRate: null, breaker: "open" },
            { atMs: 15, pacingRate: null, breaker: "half-open" },
            { atMs: 1015, pacingRate: null, breaker: "closed" },
          ],
        })),
      }),
      "The breaker gauge read open from the start for 3 services, and no call was rejected; 3 breakers closed again once a probe got through.",
    ],
  ])("%s", (_name, d, sentence) => {
    expect(dashboardReading(d)).toBe(sentence);
  });
});

describe("the block", () => {
  test("runsOf holds each sample's value until the next one, merging equal neighbours", () => {
    const points = [
      { atMs: 0, pacingRate: 5, breaker: "closed" as const },
      { atMs: 10, pacingRate: 5, breaker: "open" as const },
      { atMs: 20, pacingRate: null, breaker: "open" as const },
      { atMs: 30, pacingRate: 6, breaker: "half-open" as const },
    ];
    expect(runsOf(points, (p) => p.pacingRate)).toEqual([
      { fromMs: 0, toMs: 20, value: 5 },
      { fromMs: 20, toMs: 30, value: null },
    ]);
    expect(runsOf(points, (p) => p.breaker)).toEqual([
      { fromMs: 0, toMs: 10, value: "closed" },
      { fromMs: 10, toMs: 30, value: "open" },
    ]);
    expect(runsOf(points.slice(0, 1), (p) => p.breaker)).toEqual([]);
  });

  test("the sparkline has a row per service: the pacing rate's line where it paced, the breaker's strip, the last reading", () => {
    const d = dashboard("outage", {
      series: [
        {
          service: "Pinpoint",
          points: [
            { atMs: 0, pacingRate: 5, breaker: "closed" },
            { atMs: 1000, pacingRate: 10, breaker: "closed" },
            { atMs: 2000, pacingRate: null, breaker: "open" },
            { atMs: 3000, pacingRate: null, breaker: "open" },
          ],
        },
        { service: "PinpointSMSVoice", points: [{ atMs: 0, pacingRate: null, breaker: null }] },
      ],
    });
    const svg = dashboardSparkline(d, SCALE);
    expect(svg).toMatch(/^<svg [^>]*data-chart="dashboard" data-phase="outage"/);
    expect(svg.match(/<g data-series="/g)).toHaveLength(2);
    // Plot from x 96 to 396 over 3 s; rate 5 then 10 on a 0-10 scale (rows 16 high from y 3): one path, joined.
    expect(svg).toContain('<path d="M96.00 11.00 H196.00 V3.00 H296.00" fill="none" stroke="#1d4ed8" stroke-width="1.5" data-gauge="pacing-rate"/>');
    expect(svg.match(/data-breaker="closed"/g)).toHaveLength(1);
    expect(svg.match(/data-breaker="open"/g)).toHaveLength(1);
    expect(svg).toContain(">not pacing, open</text>");
    expect(svg).toContain(">Pinpoint</text>");
    expect(svg).toContain(">SMS Voice v1</text>");
    expect(svg).toContain(">3 s of service time</text>");
  });

  test("the block shows the numbers, the sparkline, the sentence and that the SDK has none", () => {
    const d = dashboard("outage", {
      retriesByClass: { TRANSIENT: 105 },
      giveUpsByReason: { "retry-budget": 66, "circuit-open": 63, "max-attempts": 51 },
      circuitOpenRejections: 3,
      breakerChanges: { open: 3 },
      breakersNotClosed: 3,
      pacing: { min: 5.94, max: 8.4, last: [] },
      budgetLow: 10,
    });
    const html = dashboardBlock(d, SCALE, "SDK standard retry");
    expect(html).toMatch(/^<div class="dashboard" data-dashboard="outage"><h4>What you would have seen on your dashboard<\/h4>/);
    const tile = (metric: string) => html.match(new RegExp(`<div class="stat" data-metric="${metric}">(.*?)</div>`))?.[1];
    expect(tile("retries")).toBe("<b>105</b> retries<small>transient 105</small>");
    expect(tile("give-ups")).toBe("<b>180</b> give-ups<small>retry-budget 66, circuit-open 63, max-attempts 51</small>");
    expect(tile("throttles")).toBe("<b>0</b> throttled attempts");
    expect(tile("circuit-open-rejections")).toBe("<b>3</b> circuit-open rejections");
    expect(tile("pacing-rate")).toBe("<b>5.9–8.4 requests/s</b> pacing rate");
    expect(tile("breaker")).toBe("<b>3 of 3</b> breakers not closed<small>opened 3×, closed 0×</small>");
    expect(tile("budget")).toBe("<b>10</b> lowest retry-budget tokens");
    expect(html).toContain('data-chart="dashboard"');
    expect(html).toContain(`<p data-dashboard-reading>${escapeXml(dashboardReading(d))}</p>`);
    expect(html).toContain("<p class=\"meta\" data-dashboard-sdk>SDK standard retry: nothing to watch, the SDK has no such metrics.</p>");
  });

  test("a quiet phase: breakers closed, not pacing", () => {
    const html = dashboardBlock(dashboard("healthy"), SCALE, "SDK standard retry");
    expect(html).toContain('<div class="stat" data-metric="pacing-rate"><b>not pacing</b> rate limiter</div>');
    expect(html).toContain('<div class="stat" data-metric="breaker"><b>closed</b> breakers</div>');
    expect(html).not.toContain("data-gauge");
  });

  test("the sparklines of a run share one scale: its highest rate, at least 1", () => {
    expect(maxPacingRate([dashboard("healthy")])).toBe(1);
    const paced = dashboard("throttled", { series: [{ service: "Pinpoint", points: [{ atMs: 0, pacingRate: 16.04, breaker: "closed" }] }] });
    expect(maxPacingRate([dashboard("healthy"), paced])).toBe(16.04);
  });

  test("the report puts each phase's block under its reading, and says in the notes why the SDK has none", () => {
    const results = demoResults({
      calls: 2,
      phases: { healthy: {}, flaky: { lib: { retriesByClass: { TRANSIENT: 1 }, requests: 7 } } },
      dashboards: [dashboard("healthy"), dashboard("flaky", { retriesByClass: { TRANSIENT: 1 } })],
    });
    const html = buildReportHtml(results, emptyRecords());
    for (const phase of ["healthy", "flaky"]) {
      expect(html).toMatch(new RegExp(`<section class="phase-reading" data-phase-reading="${phase}">(?:(?!</section>).)*<div class="dashboard" data-dashboard="${phase}">`, "s"));
    }
    expect(html.match(/What you would have seen on your dashboard/g)).toHaveLength(2);
    expect(html).toContain(escapeXml(SDK_NO_METRICS));
    expect(html).toContain("<code>createResilience({ metrics })</code>");
  });

  test("results without dashboards (none recorded) show no block", () => {
    const html = buildReportHtml(demoResults({ calls: 1, phases: { healthy: {} } }), emptyRecords());
    expect(html).not.toContain("data-dashboard=");
  });
});
