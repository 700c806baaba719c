/** The family's table, summary line and notes, from a constructed report. */
import type { StackMetrics } from "../../bench/family/metrics";
import type { CellReport, FamilyReport } from "../../bench/family/runFamily";
import { summarize } from "../../bench/family/runFamily";
import { failureLines, familyRows, formatRatio, formatSuccess, noteLines, renderFamily, summaryLine, targetMarks } from "../../bench/family/table";
import { checkCell } from "../../bench/family/targets";

function metrics(overrides: Partial<StackMetrics> = {}): StackMetrics {
  return {
    calls: 300,
    succeeded: 300,
    successPct: 100,
    unfinished: 0,
    goodput: 100,
    p50Ms: 10,
    p99Ms: 20,
    requestsPerCall: 1,
    emulatorRequests: 300,
    throttledPct: 0,
    finishMs: 3000,
    driverLagP99Ms: 2,
    ...overrides,
  };
}

function cell(name: string, results: CellReport["results"], targets: CellReport["targets"] = ["no-harm"], targetParams: CellReport["targetParams"] = {}): CellReport {
  const std = results["sdk-standard"] as StackMetrics;
  const subject = results["smithy-resilience"] as StackMetrics;
  const checks = checkCell(
    targets.filter((t) => t !== "no-harm"),
    targetParams,
    subject,
    std,
  );
  const ratio = (key: "successPct" | "goodput" | "p50Ms" | "p99Ms" | "requestsPerCall" | "finishMs") =>
    Object.fromEntries(Object.entries(results).map(([id, m]) => [id, std[key] ? Math.round((1000 * (m[key] as number)) / (std[key] as number)) / 1000 : null]));
  return {
    name,
    title: name,
    group: "faults",
    service: "Pinpoint",
    params: {},
    calls: std.calls,
    targets,
    targetParams,
    results,
    ratios: { successPct: ratio("successPct"), goodput: ratio("goodput"), p50Ms: ratio("p50Ms"), p99Ms: ratio("p99Ms"), requestsPerCall: ratio("requestsPerCall"), finishMs: ratio("finishMs") },
    checks,
    met: checks.every((c) => c.pass),
    order: ["sdk-standard", "sdk-adaptive", "smithy-resilience"],
    durationMs: 9000,
  };
}

const cells: CellReport[] = [
  cell("faults-pinpoint-20", { "sdk-standard": metrics({ successPct: 98.3 }), "sdk-adaptive": metrics({ successPct: 98.3 }), "smithy-resilience": metrics({ successPct: 98.3, p99Ms: 11 }) }),
  cell(
    "quota-100x64",
    {
      "sdk-standard": metrics({ successPct: 77.3, goodput: 82.5 }),
      "sdk-adaptive": metrics({ successPct: 100, goodput: 47.5, unfinished: 12 }),
      "smithy-resilience": metrics({ successPct: 100, goodput: 91.1, driverLagP99Ms: 80 }),
    },
    ["no-harm", "quota"],
    { quotaRps: 100 },
  ),
];

const report: FamilyReport = {
  version: 1,
  seed: 1,
  quick: true,
  durationMs: 42_000,
  baseline: "sdk-standard",
  subject: "smithy-resilience",
  variants: [
    { id: "sdk-standard", label: "SDK standard" },
    { id: "sdk-adaptive", label: "SDK adaptive" },
    { id: "smithy-resilience", label: "smithy-resilience" },
  ],
  latency: { ms: 10, jitterMs: 10 },
  cells,
  summary: summarize(cells),
};

test("numbers: ratios with fewer decimals as they grow, success without decimals at 100", () => {
  expect([formatRatio(1), formatRatio(0.987), formatRatio(31.26), formatRatio(241.2), formatRatio(null), formatRatio(Infinity)]).toEqual(["1.00", "0.99", "31.3", "241", "n/a", "n/a"]);
  expect([formatSuccess(100), formatSuccess(98.333), formatSuccess(undefined)]).toEqual(["100", "98.3", "n/a"]);
});

test("one row per cell: name, success of each stack, ratios of the other stacks, and each target with ✓ or ✗", () => {
  const rows = familyRows(report);
  expect(rows).toHaveLength(2);
  expect(rows[0]).toEqual(["faults-pinpoint-20", "98.3", "98.3", "98.3", "1.00 / 1.00", "1.00 / 1.00", "1.00 / 1.00", "1.00 / 0.55", "1.00 / 1.00", "1.00 / 1.00", "no-harm ✓"]);
  expect(rows[1][0]).toBe("quota-100x64");
  expect(rows[1].slice(1, 4)).toEqual(["77.3", "100", "100"]);
  expect(rows[1][5]).toBe("0.58 / 1.10");
  expect(rows[1].at(-1)).toBe("no-harm ✓ quota ✗");
  expect(targetMarks(cells[1].checks)).toBe("no-harm ✓ quota ✗");
});

test("summary: cells that met every target, and per target kind", () => {
  expect(report.summary).toEqual({ cells: 2, met: 1, byTarget: { "no-harm": { met: 2, of: 2 }, quota: { met: 0, of: 1 } } });
  expect(summaryLine(report.summary, report)).toBe(
    "Targets met in 1 of 2 cells (no-harm 2/2, quota 0/1): smithy-resilience against sdk-standard, seed 1, quick.",
  );
  expect(failureLines(cells)).toEqual(["  ✗ quota-100x64 quota: success 100.00%; goodput 91.1/s = 91.1% of 100/s < 95%"]);
});

test("notes: unfinished calls and runs that fell behind their schedule", () => {
  expect(noteLines(report)).toEqual([
    "Calls unfinished at the cap (counted as failed): quota-100x64 (adp 12).",
    "Driver lag p99 above 50 ms (the machine fell behind the schedule): quota-100x64 (sr 80 ms).",
  ]);
});

test("the whole block: header, table, legend, notes, summary and failed checks", () => {
  const text = renderFamily(report);
  const lines = text.split("\n");
  expect(lines[0]).toBe("Scenario family: open-loop arrivals, paired faults, over HTTP; seed 1, quick; 2 cells × 3 stacks in 42 s");
  expect(text).toContain("ok % std");
  expect(text).toContain("× columns: ratio to SDK standard, as SDK adaptive / smithy-resilience.");
  expect(lines.at(-2)).toMatch(/^Targets met in 1 of 2 cells/);
  expect(lines.at(-1)).toMatch(/^ {2}✗ quota-100x64 quota/);
  // One table line per cell between the header rule and the bottom rule.
  expect(lines.filter((line) => line.startsWith("│ faults-") || line.startsWith("│ quota-"))).toHaveLength(2);
});
