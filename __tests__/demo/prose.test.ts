import { capitalize, count, formatDuration, list } from "../../demo/prose";
import { buildNotes } from "../../demo/results";
import { PHASES } from "../../demo/phases";

test.each([
  [0, "0 s"],
  [6_000, "6 s"],
  [59_400, "59 s"],
  [60_000, "1 min"],
  [90_000, "1 min 30 s"],
  [3_600_000, "1 h"],
  [10_000_000, "2 h 46 min"],
])("formatDuration(%d) is %s", (ms, text) => {
  expect(formatDuration(ms)).toBe(text);
});

test("count, list and capitalize", () => {
  expect([count(1, "call"), count(3, "call"), count(2, "breaker", "breakers")]).toEqual(["1 call", "3 calls", "2 breakers"]);
  expect([list([]), list(["a"]), list(["a", "b"]), list(["a", "b", "c"])]).toEqual(["", "a", "a and b", "a, b and c"]);
  expect(capitalize("outage")).toBe("Outage");
});

describe("the report's notes", () => {
  test("the workload note states the time-lapse of the default run", () => {
    expect(buildNotes(60).workload).toBe(
      "Per variant and service one worker sends a message to its own emulator every 125 ms of wall time (at once when " +
        "it is late). The outage and recovery phases are a time-lapse: each call interval stands for 1 s of service time " +
        "on the virtual clock, so this run's 60 calls per phase are 1 min of outage and 1 min of recovery. Both " +
        "variants run at the same time; the three services of a variant wait for each other at each phase boundary.",
    );
  });

  test("with other --calls it states that run's length, not the default's", () => {
    expect(buildNotes(6).workload).toContain("so this run's 6 calls per phase are 6 s of outage and 6 s of recovery.");
    expect(buildNotes(1).workload).toContain("so this run's 1 call per phase is 1 s of outage");
    expect(buildNotes(150).workload).toContain("are 2 min 30 s of outage");
  });

  test("no note or phase description claims a length that --calls decides", () => {
    const texts = [...Object.values(buildNotes(6)), ...Object.values(PHASES).map((p) => p.description)];
    for (const text of texts) expect(text).not.toMatch(/minute|60 calls/);
  });
});
