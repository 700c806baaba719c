/**
 * The demo end to end, in-process: a small seeded run, its JSON checked against the emulators' own
 * counters, and its HTML report opened in a real headless Chromium.
 */

import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../../demo/browser";
import { ALL_PHASES, VARIANT_IDS } from "../../demo/metrics";
import { PHASE_NAMES } from "../../demo/phases";
import { escapeXml } from "../../demo/report/svg";
import type { DemoResults, ResultRow } from "../../demo/results";
import { SERVICES } from "../../demo/workload";
import { runDemoInProcess } from "./support";

jest.setTimeout(60_000);

const CALLS = 6;
let run: Awaited<ReturnType<typeof runDemoInProcess>>;

beforeAll(async () => {
  run = await runDemoInProcess(["--calls", String(CALLS), "--seed", "7"]);
});

/** The figures that must not depend on timing. */
function exactFigures(results: DemoResults) {
  return results.byService.map((row: ResultRow) => ({
    phase: row.phase,
    variant: row.variant,
    service: row.service,
    calls: row.calls,
    successes: row.successes,
    requests: row.requests,
    emulatorRequests: row.emulatorRequests,
    retriesByClass: row.retriesByClass,
    giveUpsByReason: row.giveUpsByReason,
    attemptsByStatus: row.attemptsByStatus,
  }));
}

describe("a run with --calls and --json", () => {
  test("exits 0 and prints the table, the wall time and where the report is", () => {
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Requests/call");
    expect(run.stdout).toMatch(/Wall time \d+\.\d s\./);
    expect(run.stdout).toContain(`Report: ${run.reportPath}`);
    // Not a terminal: progress comes as plain lines, without cursor movement.
    expect(run.stderr).toContain("smithy-resilience");
    expect(run.stderr).not.toContain("\u001b[");
  });

  test("the JSON has the options, one summary row per phase and variant, and rows per service", () => {
    const { results } = run;
    expect(results.schemaVersion).toBe(1);
    expect(results.options).toMatchObject({ calls: CALLS, seed: 7, phases: [...PHASE_NAMES] });
    expect(results.variants.map((v) => v.id)).toEqual([...VARIANT_IDS]);
    const phases = [...PHASE_NAMES, ALL_PHASES];
    expect(results.summary.map((r) => [r.phase, r.variant])).toEqual(phases.flatMap((p) => VARIANT_IDS.map((v) => [p, v])));
    expect(results.byService).toHaveLength(phases.length * VARIANT_IDS.length * SERVICES.length);
    for (const row of results.summary) {
      expect(row).toEqual(
        expect.objectContaining({
          calls: row.phase === ALL_PHASES ? CALLS * SERVICES.length * PHASE_NAMES.length : CALLS * SERVICES.length,
          successRate: expect.any(Number),
          requestsPerCall: expect.any(Number),
          latencyMs: expect.objectContaining({ p50: expect.any(Number), p99: expect.any(Number) }),
          retriesByClass: expect.any(Object),
          giveUpsByReason: expect.any(Object),
        }),
      );
    }
  });

  test("requests per phase, variant and service equal what each emulator counted", () => {
    const { results, watched } = run;
    expect(watched).toHaveLength(VARIANT_IDS.length * SERVICES.length);
    for (const service of SERVICES.map((s) => s.name)) {
      // The test read these counters itself; it cannot tell the variants' emulators apart, so compare as a set.
      const counted = watched.filter((w) => w.service === service).map((w) => w.requestsPerPhase);
      const reported = VARIANT_IDS.map((variant) =>
        PHASE_NAMES.map((phase) => results.byService.find((r) => r.phase === phase && r.variant === variant && r.service === service)?.requests),
      );
      expect(counted.map(String).sort()).toEqual(reported.map(String).sort());
    }
    for (const row of [...results.summary, ...results.byService]) expect(row.requests).toBe(row.emulatorRequests);
  });

  test("the phases mean what they say", () => {
    const row = (phase: string, variant: string) => run.results.summary.find((r) => r.phase === phase && r.variant === variant) as ResultRow;
    for (const variant of VARIANT_IDS) {
      expect(row("healthy", variant)).toMatchObject({ successRate: 1, requestsPerCall: 1 });
      expect(row("outage", variant).successRate).toBe(0);
      expect(row("bad-requests", variant).successRate).toBe(0);
    }
    expect(row("bad-requests", "sdk-standard")).toMatchObject({ requestsPerCall: 1, giveUpsByReason: { "non-retryable": CALLS * 3 } });
    expect(row("outage", "sdk-standard").attemptsByStatus).toEqual({ "500": row("outage", "sdk-standard").requests });
  });

  test("every failed call has one give-up, and the SDK's requests are its calls plus its retries", () => {
    for (const row of run.results.byService) {
      const giveUps = Object.values(row.giveUpsByReason).reduce((sum, n) => sum + (n ?? 0), 0);
      expect(giveUps).toBe(row.calls - row.successes);
      if (row.variant === "sdk-standard") {
        const retries = Object.values(row.retriesByClass).reduce((sum, n) => sum + (n ?? 0), 0);
        expect(row.requests).toBe(row.calls + retries);
      }
    }
  });

  test("the JSON keeps smithy-resilience's dashboard per phase, and its sink counted what the hooks reported", () => {
    const { dashboard, summary } = run.results;
    expect(dashboard).toMatchObject({ variant: "smithy-resilience", sdkNote: expect.stringContaining("no metrics") });
    expect(dashboard.phases.map((d) => d.phase)).toEqual([...PHASE_NAMES]);
    for (const d of dashboard.phases) {
      const lib = summary.find((r) => r.phase === d.phase && r.variant === "smithy-resilience") as ResultRow;
      // The sink and the hooks receive the same events: the same counts, by another road.
      expect(d.retriesByClass).toEqual(lib.retriesByClass);
      expect(d.giveUpsByReason).toEqual(lib.giveUpsByReason);
      expect(d.circuitOpenRejections).toBe(lib.refused);
      expect(d.throttles).toBe(lib.attemptsByStatus["429"] ?? 0);
      // A reading at the phase's start and after every call, per service.
      expect(d.series.map((s) => [s.service, s.points.length])).toEqual(SERVICES.map((s) => [s.name, CALLS + 1]));
    }
    const outage = dashboard.phases.find((d) => d.phase === "outage");
    expect(outage?.series.every((s) => s.points[s.points.length - 1].breaker !== null)).toBe(true);
  });

  test("the report carries the headlines the terminal printed, and a reading of every phase", () => {
    const printed = run.stdout.split("\n").filter((line) => /^[A-Z][a-z-]+: smithy-resilience /.test(line));
    expect(printed.length).toBeGreaterThan(0);
    for (const line of printed) expect(run.html).toContain(`<li>${escapeXml(line)}</li>`);
    expect(run.html.match(/data-phase-reading="/g)).toHaveLength(PHASE_NAMES.length);
    expect(run.html).toContain(escapeXml(`so this run's ${CALLS} calls per phase are ${CALLS} s of outage`));
  });

  test("no phone number or message text reaches the output", () => {
    for (const output of [run.stdout, run.stderr, run.html, JSON.stringify(run.results)]) {
      expect(output).not.toMatch(/\+1555/);
      expect(output).not.toContain("Your code is");
    }
  });
});

test("the same seed gives the same exact figures", async () => {
  const args = ["--calls", "5", "--seed", "3", "--phases", "flaky,throttled,outage"];
  const first = await runDemoInProcess(args);
  const second = await runDemoInProcess(args);
  expect(exactFigures(second.results)).toEqual(exactFigures(first.results));
});

describe("the HTML report in headless Chromium", () => {
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];
  const externalRequests: string[] = [];

  beforeAll(async () => {
    // Never skipped: without a system Chromium this launches the one `npm ci` brought (@sparticuz/chromium),
    // and where neither exists it fails saying what to install.
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    page.on("pageerror", (error) => consoleErrors.push(error.message));
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:")) return route.continue();
      externalRequests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(run.reportPath).href, { waitUntil: "load" });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The value of `attribute` on each element matching `selector`, in document order. */
  const attributes = async (selector: string, attribute: string) =>
    Promise.all((await page.locator(selector).all()).map((element) => element.getAttribute(attribute)));

  test("renders without console errors and without any network request", async () => {
    expect(await page.title()).toBe("smithy-resilience demo report");
    expect(consoleErrors).toEqual([]);
    expect(externalRequests).toEqual([]);
  });

  test("the timeline has one panel per variant, each with its phases marked", async () => {
    expect(await attributes('svg[data-chart="timeline"]', "data-series")).toEqual([...VARIANT_IDS]);
    for (const variant of VARIANT_IDS) {
      const panel = `svg[data-chart="timeline"][data-series="${variant}"]`;
      expect(await attributes(`${panel} [data-phase]`, "data-phase")).toEqual([...PHASE_NAMES]);
      expect(await page.locator(`${panel} rect[data-outcome]`).count()).toBeGreaterThan(0);
    }
  });

  test("the latency distribution and the per-phase bars have one series per variant", async () => {
    expect(await attributes('svg[data-chart="latency"] path[data-series]', "data-series")).toEqual([...VARIANT_IDS]);
    const bars = await attributes('svg[data-chart="requests-per-call"] [data-series]', "data-series");
    expect(new Set(bars)).toEqual(new Set(VARIANT_IDS));
    expect(bars).toHaveLength(VARIANT_IDS.length * PHASE_NAMES.length);
  });

  test("the headlines and the reading of each phase are on the page", async () => {
    expect(await page.locator("ul[data-headlines] li").count()).toBeGreaterThan(0);
    expect(await attributes("[data-phase-reading]", "data-phase-reading")).toEqual([...PHASE_NAMES]);
    expect(await page.locator('[data-reading="overall"] p').first().textContent()).toMatch(/^Over the whole run smithy-resilience completed \d+ of \d+ calls/);
  });

  test("each phase's reading ends with what the dashboard would have shown, and says the SDK has none", async () => {
    expect(await attributes("[data-phase-reading] > [data-dashboard]", "data-dashboard")).toEqual([...PHASE_NAMES]);
    for (const phase of PHASE_NAMES) {
      const block = page.locator(`[data-dashboard="${phase}"]`);
      expect(await block.locator("h4").textContent()).toBe("What you would have seen on your dashboard");
      expect(await attributes(`[data-dashboard="${phase}"] .stat`, "data-metric")).toEqual(
        expect.arrayContaining(["retries", "give-ups", "throttles", "circuit-open-rejections", "pacing-rate", "breaker"]),
      );
      expect(await block.locator('svg[data-chart="dashboard"] g[data-series]').count()).toBe(SERVICES.length);
      expect(await block.locator("[data-dashboard-reading]").textContent()).not.toBe("");
      expect(await block.locator("[data-dashboard-sdk]").textContent()).toContain("no such metrics");
      expect(await block.isVisible()).toBe(true);
    }
  });

  test("the summary table has a row per phase and variant, totals included", async () => {
    expect(await page.locator("main > table tbody tr").count()).toBe((PHASE_NAMES.length + 1) * VARIANT_IDS.length);
  });
});
