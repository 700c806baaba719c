import type { Summary } from "../../demo/metrics";
import { formatCounts, formatMs, formatPercent, phaseSpans, renderTable, TABLE_HEADER, tableRows } from "../../demo/table";

const labels = { "sdk-standard": "SDK standard retry", "smithy-resilience": "smithy-resilience" } as const;

function summary(overrides: Partial<Summary>): Summary {
  return {
    phase: "outage",
    variant: "sdk-standard",
    calls: 180,
    successes: 0,
    successRate: 0,
    requests: 371,
    requestsPerCall: 371 / 180,
    refused: 0,
    latencyMs: { p50: 55.4, p99: 291.2, max: 300 },
    pacing: { calls: 0, totalMs: 0, unpacedLatencyMs: {} },
    retriesByClass: { TRANSIENT: 190 },
    giveUpsByReason: { "retry-budget": 86, "max-attempts": 94 },
    attemptsByStatus: { "500": 371 },
    ...overrides,
  };
}

test.each([
  [undefined, "–"],
  [0.4, "0 ms"],
  [12.6, "13 ms"],
  [999.4, "999 ms"],
  [1000, "1.00 s"],
  [1234.5, "1.23 s"],
])("formatMs(%s) is %s", (ms, text) => {
  expect(formatMs(ms)).toBe(text);
});

test.each([
  [0, "0.0%"],
  [1, "100.0%"],
  [2 / 3, "66.7%"],
])("formatPercent(%d) is %s", (rate, text) => {
  expect(formatPercent(rate)).toBe(text);
});

test("formatCounts lists the largest first, names in lower case, skips zeros", () => {
  expect(formatCounts({ TRANSIENT: 3, THROTTLING: 40 })).toBe("throttling 40, transient 3");
  expect(formatCounts({ "max-attempts": 2, "circuit-open": 2, "retry-budget": 0 })).toBe("circuit-open 2, max-attempts 2");
  expect(formatCounts({})).toBe("–");
});

test("tableRows formats one row per summary, a cell per header column", () => {
  const rows = tableRows(
    [summary({}), summary({ variant: "smithy-resilience", requestsPerCall: 0.81, retriesByClass: {}, giveUpsByReason: { "circuit-open": 134 }, latencyMs: {} })],
    labels,
  );
  expect(rows).toEqual([
    ["outage", "SDK standard retry", "180", "0.0%", "2.06", "55 ms", "291 ms", "transient 190", "max-attempts 94, retry-budget 86"],
    ["outage", "smithy-resilience", "180", "0.0%", "0.81", "–", "–", "–", "circuit-open 134"],
  ]);
  for (const row of rows) expect(row).toHaveLength(TABLE_HEADER.length);
});

test("phaseSpans merges consecutive rows of the same phase", () => {
  const rows = [["healthy"], ["healthy"], ["outage"], ["all"], ["all"], ["all"]];
  expect(phaseSpans(rows)).toEqual([2, 0, 1, 3, 0, 0]);
  expect(phaseSpans([])).toEqual([]);
});

test("renderTable draws the header and every row, without colour codes", () => {
  const text = renderTable(tableRows([summary({}), summary({ variant: "smithy-resilience" })], labels));
  for (const heading of TABLE_HEADER) expect(text).toContain(heading);
  expect(text).toContain("SDK standard retry");
  expect(text).toContain("max-attempts 94, retry-budget 86");
  expect(text.match(/outage/g)).toHaveLength(1);
  expect(text).not.toContain("\u001b[");
});
