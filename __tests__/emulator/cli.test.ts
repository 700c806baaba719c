import { describeEndpoint, parseEmulatorArgs } from "../../src/bin/emulator-cli";

test("no arguments: no faults, default port and seed", () => {
  expect(parseEmulatorArgs([])).toEqual({ help: false, options: { faults: {} } });
});

test("all flags", () => {
  const args = parseEmulatorArgs([
    "--port", "4566",
    "--fault", "500:0.2",
    "--fault", "reset:0.05",
    "--capacity", "300",
    "--latency", "20",
    "--seed", "7",
  ]);

  expect(args).toEqual({
    help: false,
    options: {
      port: 4566,
      seed: 7,
      faults: {
        rates: [
          { rate: 0.2, fault: 500 },
          { rate: 0.05, fault: { reset: true } },
        ],
        capacity: { requestsPerSecond: 300 },
        latency: { ms: 20 },
      },
    },
  });
});

test("--help and -h", () => {
  expect(parseEmulatorArgs(["--help"]).help).toBe(true);
  expect(parseEmulatorArgs(["-h"]).help).toBe(true);
});

test.each([
  [["--port", "70000"], /--port/],
  [["--port", "abc"], /--port/],
  [["--fault", "500"], /--fault expects/],
  [["--fault", "500:1.5"], /--fault rate/],
  [["--fault", "200:0.1"], /--fault status/],
  [["--capacity", "0"], /--capacity/],
  [["--latency", "-1"], /--latency/],
  [["--seed", "1.5"], /--seed/],
  [["--bogus"], /Unknown option/],
])("rejects %j", (argv, message) => {
  expect(() => parseEmulatorArgs(argv)).toThrow(message);
});

test("describeEndpoint prints the endpoint and a client configuration", () => {
  const text = describeEndpoint("http://127.0.0.1:4566");

  expect(text).toContain("listening on http://127.0.0.1:4566");
  expect(text).toContain('endpoint: "http://127.0.0.1:4566"');
});
