/** The bench run in-process with tiny counts: the report's structure, not its timings. */
import { METRIC_COLUMN_WIDTH, renderTable, scenarioRows } from "../../bench/report";
import type { BenchReport } from "../../bench/runBench";
import { runBench } from "../../bench/runBench";
import { VARIANT_IDS, variantsFor } from "../../bench/variants";

jest.setTimeout(120_000);

function expectMetrics(report: BenchReport, scenarioName: string, keys: string[], variants: readonly string[] = variantsFor(scenarioName, VARIANT_IDS)) {
  const scenario = report.scenarios.find((s) => s.name === scenarioName);
  expect(scenario).toBeDefined();
  if (!scenario) return;
  expect(scenario.metrics.map((m) => m.key)).toEqual(keys);
  expect(Object.keys(scenario.results).sort()).toEqual([...variants].sort());
  for (const variant of variants) {
    const values = scenario.results[variant as keyof typeof scenario.results];
    expect(values).toBeDefined();
    for (const key of keys) expect(typeof values?.[key] === "number" || values?.[key] === null).toBe(true);
  }
  for (const metric of scenario.metrics.filter((m) => m.ratio)) {
    expect(scenario.ratios[metric.key]?.["sdk-standard"]).toBe(1);
  }
}

describe("bench, in-process with tiny counts", () => {
  let report: BenchReport;

  beforeAll(async () => {
    report = await runBench({ seed: 5, quick: true, scale: 0.05, scenarios: ["overhead", "bad-request", "flaky"], variants: [...VARIANT_IDS] });
  });

  test("report header", () => {
    expect(report).toMatchObject({ version: 1, seed: 5, quick: true, scale: 0.05, baseline: "sdk-standard" });
    expect(report.variants.map((v) => v.id)).toEqual([...VARIANT_IDS]);
    expect(report.scenarios.map((s) => s.name)).toEqual(["overhead", "bad-request", "flaky"]);
    expect(report.environment.cpus).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  test("scenario metrics, per variant", () => {
    expectMetrics(report, "overhead", [
      "cpuMicrosPerCall",
      "ratioToBaseline",
      "ratioLow",
      "ratioHigh",
      "spreadPct",
      "cachedCpuMicrosPerCall",
      "cachedRatioToBaseline",
      "cachedRatioLow",
      "cachedRatioHigh",
      "httpCpuMicrosPerCall",
      "httpRatioToBaseline",
      "httpRatioLow",
      "httpRatioHigh",
    ]);
    expect(report.scenarios[0].results["sdk-standard"]?.ratioToBaseline).toBe(1);
    // The OpenTelemetry adapter's variant runs in the overhead scenario only; elsewhere its column reads n/a.
    expect(report.scenarios[0].results["smithy-resilience-otel"]?.cpuMicrosPerCall).toBeGreaterThan(0);
    expect(variantsFor("flaky", VARIANT_IDS)).not.toContain("smithy-resilience-otel");
    // So does the A/A control, a second SDK-standard client: its ratio is how far chance moves one in a run.
    expect(variantsFor("overhead", VARIANT_IDS)).toContain("sdk-standard-again");
    expect(variantsFor("flaky", VARIANT_IDS)).not.toContain("sdk-standard-again");
    expect(report.scenarios[0].results["sdk-standard-again"]?.ratioToBaseline).toBeGreaterThan(0);
    expectMetrics(report, "bad-request", ["successPct", "requestsPerCall"]);
    expectMetrics(report, "flaky", ["successPct", "requestsPerCall", "p50Ms", "p99Ms"]);
    expect(report.scenarios.find((s) => s.name === "flaky")?.params).toMatchObject({ calls: 16, concurrency: 16, faultRate: 0.2 });
  });

  test("overhead: the cacheMiddleware and loopback HTTP rows, each a CPU figure and a ratio to SDK standard with its interval", () => {
    const overhead = report.scenarios.find((s) => s.name === "overhead");
    expect(overhead?.params).toMatchObject({ rounds: 51, httpRounds: 41, httpCallsPerRound: 10, concurrency: 1 });
    for (const prefix of ["cached", "http"]) {
      const standard = overhead?.results["sdk-standard"];
      expect(standard?.[`${prefix}RatioToBaseline`]).toBe(1);
      for (const variant of VARIANT_IDS) {
        const values = overhead?.results[variant] ?? {};
        expect(values[`${prefix}CpuMicrosPerCall`]).toBeGreaterThan(0);
        const [low, ratio, high] = [values[`${prefix}RatioLow`], values[`${prefix}RatioToBaseline`], values[`${prefix}RatioHigh`]].map(Number);
        expect(low).toBeLessThanOrEqual(ratio);
        expect(ratio).toBeLessThanOrEqual(high);
      }
    }
    const labels = overhead?.metrics.map((m) => m.label) ?? [];
    expect(labels).toContain("cacheMiddleware: CPU µs/call");
    expect(labels).toContain("loopback HTTP: CPU µs per call");
  });

  test("no stack retries a 400: one request per call, no success", () => {
    const results = report.scenarios.find((s) => s.name === "bad-request")?.results ?? {};
    for (const variant of variantsFor("bad-request", VARIANT_IDS)) expect(results[variant]).toEqual({ successPct: 0, requestsPerCall: 1 });
  });

  test("table: a line per metric and per ratio, a column per variant", () => {
    const blocks = scenarioRows(report);
    expect(blocks.map((b) => b.title)).toEqual(report.scenarios.map((s) => s.title));
    blocks.forEach(({ rows }, i) => {
      const metrics = report.scenarios[i].metrics;
      expect(rows).toHaveLength(metrics.length + metrics.filter((m) => m.ratio).length);
      for (const row of rows) {
        expect(row).toHaveLength(1 + VARIANT_IDS.length);
        // A label that wraps would push the values of the block out of line.
        expect(row[0].length).toBeLessThanOrEqual(METRIC_COLUMN_WIDTH - 2);
      }
    });
    const table = renderTable(report);
    expect(table).toContain("SDK adaptive");
    expect(table).toContain("CPU µs per call");
  });
});

test("a chosen pair of variants runs alone, against the baseline", async () => {
  const report = await runBench({ seed: 2, quick: true, scale: 0.05, scenarios: ["bad-request"], variants: ["sdk-standard", "smithy-resilience"] });
  expect(report.variants.map((v) => v.id)).toEqual(["sdk-standard", "smithy-resilience"]);
  expect(Object.keys(report.scenarios[0].results)).toEqual(["sdk-standard", "smithy-resilience"]);
  expect(renderTable(report)).not.toContain("SDK adaptive");
});

test("memory scenario: variants run in worker threads and report heap figures", async () => {
  const report = await runBench({ seed: 1, quick: true, scale: 0.005, scenarios: ["memory"], variants: [...VARIANT_IDS] });
  const measured = variantsFor("memory", VARIANT_IDS).filter((v) => v !== "sdk-adaptive");
  expectMetrics(report, "memory", ["heapGrowthKB", "heapAfterMB", "successPct", "requestsPerCall"], measured);
  expect(report.scenarios[0].params).toMatchObject({ calls: 100, faultRate: 0.1 });
  for (const metric of report.scenarios[0].metrics) expect(metric.label.length).toBeLessThanOrEqual(METRIC_COLUMN_WIDTH - 2);
});
