import { DEFAULT_CALLS, DEFAULT_REPORT_PATH, DEFAULT_SEED, parseDemoArgs, parsePhases, UsageError } from "../../demo/args";
import { main } from "../../demo/main";
import { PHASE_NAMES } from "../../demo/phases";
import { captureStream } from "./support";

describe("parseDemoArgs", () => {
  test("defaults: every phase, the default calls, seed and report, no JSON", () => {
    expect(parseDemoArgs([])).toEqual({
      calls: DEFAULT_CALLS,
      seed: DEFAULT_SEED,
      phases: [...PHASE_NAMES],
      reportPath: DEFAULT_REPORT_PATH,
      jsonPath: undefined,
      help: false,
    });
  });

  test("takes every option, as `--name value` or `--name=value`", () => {
    expect(
      parseDemoArgs(["--calls", "12", "--seed=42", "--phases", "outage,healthy", "--report", "out/r.html", "--json=out/r.json"]),
    ).toEqual({
      calls: 12,
      seed: 42,
      phases: ["outage", "healthy"],
      reportPath: "out/r.html",
      jsonPath: "out/r.json",
      help: false,
    });
  });

  test("accepts the extremes of the ranges", () => {
    expect(parseDemoArgs(["--calls", "1", "--seed", "0"])).toMatchObject({ calls: 1, seed: 0 });
    expect(parseDemoArgs(["--calls", "10000", "--seed", "4294967295"])).toMatchObject({ calls: 10000, seed: 4294967295 });
  });

  test.each([
    [["--calls", "0"], '--calls must be a whole number from 1 to 10000 (got "0")'],
    [["--calls", "10001"], '--calls must be a whole number from 1 to 10000 (got "10001")'],
    [["--calls", "2.5"], '--calls must be a whole number from 1 to 10000 (got "2.5")'],
    [["--calls", "ten"], '--calls must be a whole number from 1 to 10000 (got "ten")'],
    [["--calls=-3"], '--calls must be a whole number from 1 to 10000 (got "-3")'],
    [["--calls", "-3"], "Option '--calls' argument is ambiguous (see --help)"],
    [["--seed", "4294967296"], '--seed must be a whole number from 0 to 4294967295 (got "4294967296")'],
    [["--seed", "0x10"], '--seed must be a whole number from 0 to 4294967295 (got "0x10")'],
    [["--report", ""], "--report needs a file path (got an empty one)"],
    [["--json", " "], "--json needs a file path (got an empty one)"],
    [["--calls"], "Option '--calls <value>' argument missing (see --help)"],
    [["--verbose"], "Unknown option '--verbose' (see --help)"],
    [["fast"], "Unexpected argument 'fast' (see --help)"],
  ])("%j is refused: %s", (argv, message) => {
    const parse = () => parseDemoArgs(argv);
    expect(parse).toThrow(UsageError);
    expect(parse).toThrow(message);
  });
});

describe("parsePhases", () => {
  test("keeps the order given and trims spaces", () => {
    expect(parsePhases("bad-requests, healthy")).toEqual(["bad-requests", "healthy"]);
  });

  test("names every unknown phase and lists the known ones", () => {
    expect(() => parsePhases("healthy,slow,broken")).toThrow(
      '--phases: unknown phase "slow", "broken"; choose from healthy, flaky, throttled, outage, recovery, bad-requests',
    );
  });

  test("refuses a phase listed twice", () => {
    expect(() => parsePhases("outage,healthy,outage")).toThrow('--phases: "outage" is listed twice; each phase can run once');
  });

  test("refuses an empty list", () => {
    expect(() => parsePhases("")).toThrow('--phases: unknown phase ""');
  });
});

describe("main", () => {
  test("a usage mistake exits 2 with the message on stderr, running nothing", async () => {
    const stdout = captureStream();
    const stderr = captureStream();
    expect(await main(["--calls", "0"], { stdout, stderr })).toBe(2);
    expect(stderr.text()).toBe('demo: --calls must be a whole number from 1 to 10000 (got "0")\n');
    expect(stdout.text()).toBe("");
  });

  test("--help prints the usage and exits 0", async () => {
    const stdout = captureStream();
    expect(await main(["--help"], { stdout, stderr: captureStream() })).toBe(0);
    expect(stdout.text()).toContain("Usage: npm run demo -- [options]");
    expect(stdout.text()).toContain("--phases a,b,c");
  });
});
