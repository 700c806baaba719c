/** The family's options and cells, and one tiny cell run end to end against the emulator over HTTP. */
import { parseArgs } from "../../bench/args";
import type { CellSpec } from "../../bench/family/cells";
import { familyCells } from "../../bench/family/cells";
import { callId, startEmulatorHost } from "../../bench/family/emulatorHost";
import type { FamilyReport } from "../../bench/family/runFamily";
import { cellSeed, runFamily, selectCells } from "../../bench/family/runFamily";
import { renderFamily } from "../../bench/family/table";
import { SCENARIOS } from "../../bench/scenarios";

jest.setTimeout(60_000);

describe("options", () => {
  test("no selection runs the scenarios and the family; --family alone, the family alone; --scenarios alone, those", () => {
    const all = parseArgs([]);
    expect(all).toMatchObject({ family: true, scenarios: SCENARIOS.map((s) => s.name) });
    expect(parseArgs(["--family", "--quick", "--seed", "3"])).toMatchObject({ family: true, scenarios: [], quick: true, seed: 3 });
    expect(parseArgs(["--scenarios", "flaky"])).toMatchObject({ family: false, scenarios: ["flaky"] });
    expect(parseArgs(["--scenarios", "flaky", "--family"])).toMatchObject({ family: true, scenarios: ["flaky"] });
    expect(parseArgs(["--cells", "quota-,outage"])).toMatchObject({ family: true, scenarios: [], cells: ["quota-", "outage"] });
    expect(() => parseArgs(["--cells"])).toThrow("--cells needs a value");
  });
});

describe("cells", () => {
  test("the full family: 7 fault rates × 3 services, an outage, 4 quotas × 3 caller counts, two moving quotas, a burst, two spikes", () => {
    const cells = familyCells(false);
    expect(cells).toHaveLength(21 + 1 + 12 + 2 + 1 + 2);
    expect(new Set(cells.map((c) => c.name)).size).toBe(cells.length);
    expect(cells.filter((c) => c.group === "faults").map((c) => c.params.faultRate)).toEqual(Array(3).fill([0, 0.05, 0.2, 0.4, 0.6, 0.8, 1]).flat());
    expect(new Set(cells.map((c) => c.service))).toEqual(new Set(["Pinpoint", "PinpointSMSVoice", "PinpointSMSVoiceV2"]));
    expect(cells.find((c) => c.name === "faults-pinpoint-100")?.targets).toEqual(["dead"]);
    expect(cells.find((c) => c.name.startsWith("outage"))?.targets).toEqual(["dead", "heal"]);
    expect(cells.filter((c) => c.targets.includes("quota")).map((c) => c.name)).toContain("quota-20x256");
  });

  test("the quick subset: every shape of the family, fewer cells", () => {
    const quick = familyCells(true);
    expect(quick.length).toBeLessThan(familyCells(false).length / 2);
    expect(new Set(quick.map((c) => c.group))).toEqual(new Set(["faults", "outage", "quota", "quota-step", "burst", "spike"]));
  });

  test("selection by name or prefix, and a clear error for a name that matches nothing", () => {
    const cells = familyCells(false);
    expect(selectCells(cells, ["quota-20x", "outage"]).map((c) => c.name)).toEqual(["outage-4s", "quota-20x8", "quota-20x64", "quota-20x256"]);
    expect(() => selectCells(cells, ["nope"])).toThrow(/no cell matches nope/);
  });

  test("each cell's schedule seed depends on the run's seed and the cell's name only", () => {
    expect(cellSeed(1, "spike")).toBe(cellSeed(1, "spike"));
    expect(cellSeed(1, "spike")).not.toBe(cellSeed(2, "spike"));
    expect(cellSeed(1, "spike")).not.toBe(cellSeed(1, "faults-pinpoint-0"));
  });
});

test("the emulator host numbers calls by their index, so a call that never reaches it moves no other call's faults", async () => {
  const host = await startEmulatorHost();
  // One raw request per call (attempt 1), as a client would send it: the answer's status.
  const statuses = async (endpoint: string, indices: number[]) => {
    const out: number[] = [];
    for (const i of indices) {
      const response = await fetch(`${endpoint}/v1/apps/app/messages`, {
        method: "POST",
        headers: { "content-type": "application/json", "amz-sdk-invocation-id": callId(i), "amz-sdk-request": "attempt=1; max=3" },
        body: JSON.stringify({ MessageRequest: {} }),
      });
      await response.arrayBuffer();
      out.push(response.status);
    }
    return out;
  };
  const phases = [{ atMs: 0, faults: { rates: [{ rate: 0.5, fault: 500 }], randomBy: "call" as const } }];
  const all = Array.from({ length: 24 }, (_, i) => i);
  const odd = all.filter((i) => i % 2 === 1);
  try {
    await host.arm(phases, 24).catch(() => undefined); // no emulator yet: refused
    const first = await host.startEmulator(9);
    await host.arm(phases, all.length);
    const everyCall = await statuses(first, all);
    const second = await host.startEmulator(9);
    await host.arm(phases, all.length);
    // The even calls were refused by a breaker, say: the odd ones meet the same faults as before.
    expect(await statuses(second, odd)).toEqual(odd.map((i) => everyCall[i]));
    expect(new Set(everyCall)).toEqual(new Set([200, 500]));
    expect((await host.stats()).requests).toBe(odd.length);
    await expect(host.arm([phases[0], { atMs: 10, faults: phases[0].faults }], 1)).rejects.toThrow(/only the first phase/);
  } finally {
    await host.close();
  }
});

describe("one tiny cell, end to end over HTTP", () => {
  // 40% of requests answer 500, drawn per call and attempt: about 1 s of Poisson arrivals at 40/s.
  const tiny: CellSpec = {
    name: "tiny-faults",
    title: "Pinpoint, 40% 500s (test)",
    group: "faults",
    service: "Pinpoint",
    schedule: { process: "poisson", segments: [{ durationMs: 1000, ratePerSecond: 40 }] },
    phases: [{ atMs: 0, faults: { rates: [{ rate: 0.4, fault: 500 }], randomBy: "call" } }],
    targets: [],
    params: { faultRate: 0.4 },
  };
  let report: FamilyReport;

  beforeAll(async () => {
    report = await runFamily({ seed: 4, quick: true, cellSpecs: [tiny], graceMs: 5000 });
  });

  test("every stack ran the same calls; the report is plain JSON", () => {
    expect(report.variants.map((v) => v.id)).toEqual(["sdk-standard", "sdk-adaptive", "smithy-resilience"]);
    const [cell] = report.cells;
    expect(cell.name).toBe("tiny-faults");
    expect(cell.calls).toBeGreaterThan(20);
    for (const v of report.variants) {
      const m = cell.results[v.id];
      expect(m?.calls).toBe(cell.calls);
      expect(m?.unfinished).toBe(0);
      expect(m?.emulatorRequests).toBe(Math.round((m?.requestsPerCall ?? 0) * cell.calls));
    }
    expect(cell.ratios.successPct["sdk-standard"]).toBe(1);
    expect(cell.checks.map((c) => c.kind)).toEqual(["no-harm"]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(renderFamily(report)).toContain("tiny-faults");
  });

  test("paired faults: SDK standard and adaptive (the same retry policy, no throttling) meet the same faults on the same calls", () => {
    const [cell] = report.cells;
    const standard = cell.results["sdk-standard"];
    const adaptive = cell.results["sdk-adaptive"];
    expect(adaptive?.succeeded).toBe(standard?.succeeded);
    expect(adaptive?.emulatorRequests).toBe(standard?.emulatorRequests);
    // 40% per attempt: a call fails only when its three attempts all fail.
    expect(standard?.successPct).toBeGreaterThan(80);
    expect(standard?.successPct).toBeLessThan(100);
  });
});
