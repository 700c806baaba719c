import {
  breakerPeriods,
  bucketAttempts,
  groupedBarChart,
  latencyBinEdges,
  latencyChart,
  latencyHistogram,
  timelineCharts,
} from "../../demo/report/charts";
import { element, escapeXml, linearScale, linearTicks, logScale, niceStep, text } from "../../demo/report/svg";
import type { CircuitChangeRecord } from "../../demo/metrics";

describe("svg helpers", () => {
  test("escapeXml escapes markup and quotes", () => {
    expect(escapeXml(`<a href="x">&'`)).toBe("&#60;a href=&#34;x&#34;&#62;&#38;&#39;");
  });

  test("element writes escaped attributes, drops undefined ones, rounds numbers", () => {
    expect(element("rect", { x: 1.23456, title: 'a"b', y: undefined })).toBe('<rect x="1.23" title="a&#34;b"/>');
    expect(element("g", { "data-series": "s" }, "<x/>", "<y/>")).toBe('<g data-series="s"><x/><y/></g>');
    expect(text({ x: 1 }, "a < b")).toBe('<text x="1">a &#60; b</text>');
  });

  test("scales map their domain onto their range", () => {
    const linear = linearScale([0, 10], [100, 0]);
    expect([linear(0), linear(5), linear(10)]).toEqual([100, 50, 0]);
    const log = logScale([1, 1000], [0, 300]);
    expect([log(1), log(10), log(1000), log(0.001)]).toEqual([0, 100, 300, 0]);
  });

  test.each([
    [0.3, 0.5],
    [1, 1],
    [1.2, 2],
    [3, 5],
    [7, 10],
    [420, 500],
  ])("niceStep(%d) is %d", (rough, step) => {
    expect(niceStep(rough)).toBeCloseTo(step, 10);
  });

  test("niceStep refuses zero", () => {
    expect(() => niceStep(0)).toThrow("niceStep needs a positive number (got 0)");
  });

  test("linearTicks reach the maximum in nice steps", () => {
    expect(linearTicks(73, 4)).toEqual([0, 20, 40, 60, 80]);
    expect(linearTicks(100, 4)).toEqual([0, 50, 100]);
    expect(linearTicks(0.9, 3)).toEqual([0, 0.5, 1]);
    expect(linearTicks(0)).toEqual([0, 1]);
  });
});

describe("chart data", () => {
  test("bucketAttempts counts per bucket and outcome, clamping to the ends", () => {
    const buckets = bucketAttempts(
      [
        { atMs: 10, outcome: "ok" },
        { atMs: 99, outcome: "throttled" },
        { atMs: 100, outcome: "ok" },
        { atMs: 5000, outcome: "server-error" },
      ],
      100,
      2,
    );
    expect(buckets[0]).toMatchObject({ ok: 1, throttled: 1, "server-error": 0 });
    expect(buckets[1]).toMatchObject({ ok: 1, throttled: 0, "server-error": 1 });
  });

  test("breakerPeriods spans each non-closed state until the next change or the end", () => {
    const key = { variant: "smithy-resilience", phase: "outage" } as const;
    const changes: CircuitChangeRecord[] = [
      { ...key, service: "Pinpoint", atMs: 100, from: "closed", to: "open" },
      { ...key, service: "PinpointSMSVoice", atMs: 150, from: "closed", to: "open" },
      { ...key, service: "Pinpoint", atMs: 600, from: "open", to: "half-open" },
      { ...key, service: "Pinpoint", atMs: 620, from: "half-open", to: "open" },
      { ...key, service: "Pinpoint", atMs: 1200, from: "open", to: "half-open" },
      { ...key, service: "Pinpoint", atMs: 1210, from: "half-open", to: "closed" },
    ];
    expect(breakerPeriods(changes, "Pinpoint", 2000)).toEqual([
      { fromMs: 100, toMs: 600, state: "open" },
      { fromMs: 600, toMs: 620, state: "half-open" },
      { fromMs: 620, toMs: 1200, state: "open" },
      { fromMs: 1200, toMs: 1210, state: "half-open" },
    ]);
    expect(breakerPeriods(changes, "PinpointSMSVoice", 2000)).toEqual([{ fromMs: 150, toMs: 2000, state: "open" }]);
    expect(breakerPeriods(changes, "PinpointSMSVoiceV2", 2000)).toEqual([]);
  });

  test("latency bins run five per decade from 0.1 ms to at least 1 s", () => {
    const edges = latencyBinEdges(20);
    expect(edges[0]).toBe(0.1);
    expect(edges).toContain(1);
    expect(edges).toContain(10);
    expect(edges[edges.length - 1]).toBe(1000);
    expect(latencyBinEdges(4000)[latencyBinEdges(4000).length - 1]).toBeGreaterThanOrEqual(4000);
  });

  test("latencyHistogram gives shares per bin, out-of-range values in the end bins", () => {
    expect(latencyHistogram([0.01, 1.5, 1.6, 5000], [0.1, 1, 2, 10])).toEqual([0.25, 0.5, 0.25]);
    expect(latencyHistogram([], [1, 2, 3])).toEqual([0, 0]);
  });
});

describe("charts", () => {
  const attempts = [
    { atMs: 100, outcome: "ok" as const },
    { atMs: 900, outcome: "server-error" as const },
  ];

  test("the timeline draws a panel per variant with phases, bars and, when there are any, breaker lanes", () => {
    const [sdk, lib] = timelineCharts(
      [
        { variant: "sdk-standard", label: "SDK", attempts, phases: [{ variant: "sdk-standard", phase: "healthy", startMs: 0, endMs: 1000 }], circuitChanges: [] },
        {
          variant: "smithy-resilience",
          label: "lib",
          attempts,
          phases: [{ variant: "smithy-resilience", phase: "outage", startMs: 0, endMs: 1000 }],
          circuitChanges: [{ variant: "smithy-resilience", service: "Pinpoint", phase: "outage", atMs: 500, from: "closed", to: "open" }],
        },
      ],
      [{ service: "Pinpoint", label: "Pinpoint" }],
      1000,
    );
    expect(sdk).toMatch(/^<svg [^>]*data-chart="timeline" data-series="sdk-standard"/);
    expect(sdk).toContain('data-phase="healthy"');
    expect(sdk.match(/data-outcome="/g)).toHaveLength(2);
    expect(sdk).not.toContain("data-breaker");
    expect(lib).toContain('data-series="smithy-resilience"');
    expect(lib).toContain('data-breaker="open"');
  });

  test("the latency chart has a path and p50/p99 markers per variant", () => {
    const svg = latencyChart([
      { variant: "sdk-standard", label: "SDK", latencies: [10, 20, 300], p50: 20, p99: 300 },
      { variant: "smithy-resilience", label: "lib", latencies: [0.5, 12], p50: 0.5, p99: 12 },
    ]);
    expect(svg.match(/<path [^>]*data-series="([^"]+)"/g)?.map((p) => /data-series="([^"]+)"/.exec(p)?.[1])).toEqual([
      "sdk-standard",
      "smithy-resilience",
    ]);
    expect(svg.match(/data-marker="p99"/g)).toHaveLength(2);
  });

  test("grouped bars: one labelled bar per category and variant", () => {
    const svg = groupedBarChart({
      chart: "requests-per-call",
      title: "Requests <per> call",
      categories: ["healthy", "outage"],
      series: [
        { variant: "sdk-standard", label: "SDK", values: [1, 3] },
        { variant: "smithy-resilience", label: "lib", values: [1, 0.8] },
      ],
      format: (v) => v.toFixed(2),
    });
    expect(svg.match(/<g data-series="sdk-standard" data-phase="[a-z]+"/g)).toHaveLength(2);
    expect(svg).toContain(">3.00<");
    expect(svg).toContain(">0.80<");
    expect(svg).toContain("Requests &#60;per&#62; call");
  });
});
