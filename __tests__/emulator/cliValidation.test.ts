import { execFile } from "node:child_process";
import { join } from "node:path";
import { parseEmulatorArgs } from "../../src/bin/emulator-cli";

test.each([
  [["--fault", "500:5"], '--fault rate must be a number in [0, 1] (got "5")'],
  [["--fault", "500:-0.1"], '--fault rate must be a number in [0, 1] (got "-0.1")'],
  [["--fault", "200:0.1"], '--fault status must be an integer from 400 to 599, or "reset" (got "200")'],
  [["--fault", "rest:0.1"], '--fault status must be an integer from 400 to 599, or "reset" (got "rest")'],
  [["--fault", "500"], '--fault expects <status|reset>:<rate>, a status 400-599 or "reset" and a rate in [0, 1], e.g. 500:0.2 (got "500")'],
  [["--capacity", "0"], '--capacity must be a number > 0 (got "0")'],
  [["--capacity=-5"], '--capacity must be a number > 0 (got "-5")'],
  [["--latency=-1"], '--latency must be a number in [0, 2147483647] (got "-1")'],
  [["--latency", "3000000000"], '--latency must be a number in [0, 2147483647] (got "3000000000")'],
  [["--port", "70000"], '--port must be an integer from 0 to 65535 (got "70000")'],
  [["--seed", "1.5"], "--seed must be an integer"],
  [["--seed", "1e20"], "--seed must be an integer"],
])("%j is refused with the flag and its range", (argv, message) => {
  expect(() => parseEmulatorArgs(argv)).toThrow(message);
});

test("the edges of each range are accepted", () => {
  const { options } = parseEmulatorArgs(["--fault", "599:1", "--fault", "400:0", "--capacity", "0.5", "--latency", "2147483647", "--port", "0", "--seed=-3"]);
  expect(options).toEqual({
    port: 0,
    seed: -3,
    faults: { rates: [{ rate: 1, fault: 599 }, { rate: 0, fault: 400 }], capacity: { requestsPerSecond: 0.5 }, latency: { ms: 2147483647 } },
  });
});

test("the command exits 2 with the message and the usage, starting nothing", async () => {
  const root = join(__dirname, "..", "..");
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, ["--import", "tsx", "src/bin/emulator.ts", "--fault", "500:5"], { cwd: root, timeout: 20_000 }, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--fault rate must be a number in [0, 1] (got "5")');
  expect(result.stderr).toContain("Usage: smithy-resilience-emulator");
  expect(result.stdout).toBe("");
});
