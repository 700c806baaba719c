/**
 * The programs in examples/: they type-check as a user's code would (`smithy-resilience` and
 * `smithy-resilience/testing` mapped to the sources by examples/tsconfig.json), and each, run in a child
 * process with tsx, shows a retry followed by a success, against this test's emulator (`ENDPOINT`) and,
 * for those that can, against an emulator of its own.
 */

import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { startEmulator, type Emulator, type FaultRules, type OperationStats, type ScriptStep } from "../../src/testing";

jest.setTimeout(120_000);

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");
const BIN = path.join(ROOT, "node_modules/.bin");

/** Runs one example with tsx; rejects (with its output) when it exits non-zero. */
async function runExample(file: string, endpoint: string | undefined): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, ENDPOINT: endpoint };
  if (endpoint === undefined) delete env.ENDPOINT;
  delete env.SMITHY_RESILIENCE_DEBUG;
  const { stdout } = await execFileAsync(path.join(BIN, "tsx"), ["--tsconfig", "examples/tsconfig.json", `examples/${file}`], {
    cwd: ROOT,
    env,
    timeout: 60_000,
  });
  return stdout;
}

const RETRY_LINE = /^retry: attempt 1 failed with (\w+) \((\w+)\), next in (\d+) ms$/m;

interface Case {
  file: string;
  /** The faults the example scripts for its own emulator; this test's emulator gets the same. */
  faults: FaultRules;
  /** Whether it starts an emulator of its own when `ENDPOINT` is unset. */
  standalone: boolean;
  /** The operation it calls, as the emulator counts it. */
  operation: string;
  /** What the emulator must have seen. */
  stats: OperationStats;
  check(stdout: string): void;
}

function script(operation: string, ...steps: ScriptStep[]): FaultRules {
  return { scripts: [{ match: { operation }, steps }] };
}

const CASES: Case[] = [
  {
    file: "pinpoint-send-messages.ts",
    faults: script("SendMessages", 500, "ok"),
    standalone: true,
    operation: "Pinpoint.SendMessages",
    stats: { requests: 2, byStatus: { "500": 1, "200": 1 }, resets: 0 },
    check(stdout) {
      expect(stdout).toMatch(RETRY_LINE);
      expect(stdout.match(RETRY_LINE)?.slice(1, 3)).toEqual(["InternalServerErrorException", "TRANSIENT"]);
      expect(stdout).toContain("success: Pinpoint.SendMessages after 2 attempts");
      expect(stdout).toContain("delivery: SUCCESSFUL");
      expect(stdout).not.toContain("give-up");
    },
  },
  {
    file: "sms-voice-v1.ts",
    faults: script("SendVoiceMessage", { status: 429, amzRetryAfterMs: 300 }, "ok"),
    standalone: true,
    operation: "PinpointSMSVoice.SendVoiceMessage",
    stats: { requests: 2, byStatus: { "429": 1, "200": 1 }, resets: 0 },
    check(stdout) {
      const retry = stdout.match(RETRY_LINE);
      expect(retry?.slice(1, 3)).toEqual(["TooManyRequestsException", "THROTTLING"]);
      // The server's hint is a lower bound on the delay.
      expect(Number(retry?.[3])).toBeGreaterThanOrEqual(300);
      expect(stdout).toContain("success: PinpointSMSVoice.SendVoiceMessage after 2 attempts");
      expect(stdout).toMatch(/^message id: emu-msg-\d+$/m);
    },
  },
  {
    file: "sms-voice-v2.ts",
    faults: script("SendTextMessage", { reset: true }, "ok"),
    standalone: true,
    operation: "PinpointSMSVoiceV2.SendTextMessage",
    stats: { requests: 2, byStatus: { "200": 1 }, resets: 1 },
    check(stdout) {
      expect(stdout.match(RETRY_LINE)?.[2]).toBe("TRANSIENT");
      expect(stdout).toContain("success: PinpointSMSVoiceV2.SendTextMessage after 2 attempts");
      expect(stdout).toMatch(/^message id: emu-msg-\d+$/m);
    },
  },
  {
    file: "lambda-handler.ts",
    faults: script("SendTextMessage", 500, "ok"),
    standalone: false,
    operation: "PinpointSMSVoiceV2.SendTextMessage",
    stats: { requests: 3, byStatus: { "500": 1, "200": 2 }, resets: 0 },
    check(stdout) {
      expect(stdout.match(RETRY_LINE)?.slice(1, 3)).toEqual(["InternalServerException", "TRANSIENT"]);
      // Two invocations through the one client: the first retried once, the second did not need to.
      const outcomes = stdout.split("\n").filter((line) => /^(success|give-up|handler returned)/.test(line));
      expect(outcomes).toEqual([
        "success: PinpointSMSVoiceV2.SendTextMessage after 2 attempts",
        expect.stringMatching(/^handler returned: \{"messageId":"emu-msg-\d+"\}$/),
        "success: PinpointSMSVoiceV2.SendTextMessage after 1 attempts",
        expect.stringMatching(/^handler returned: \{"messageId":"emu-msg-\d+"\}$/),
      ]);
    },
  },
  {
    file: "pino-logging.ts",
    faults: script("SendMessages", 500, "ok"),
    standalone: true,
    operation: "Pinpoint.SendMessages",
    stats: { requests: 2, byStatus: { "500": 1, "200": 1 }, resets: 0 },
    check(stdout) {
      interface PinoLine {
        level: number;
        msg?: string;
        smithyResilience?: Record<string, unknown>;
        commandName?: string;
        input?: unknown;
        output?: unknown;
        metadata?: Record<string, unknown>;
      }
      const lines = stdout.trim().split("\n").map((line) => JSON.parse(line) as PinoLine);
      const ours = lines.filter((line) => line.msg?.startsWith("smithy-resilience "));
      expect(ours.map((line) => line.level)).toEqual([20, 20]);
      expect(ours[0].msg).toMatch(
        /^smithy-resilience Pinpoint\.SendMessages attempt 1\/3 failed: InternalServerErrorException \(HTTP 500, TRANSIENT, requestId emu-\d+\); retrying in \d+ ms$/,
      );
      expect(ours[1].msg).toMatch(/^smithy-resilience Pinpoint\.SendMessages succeeded on attempt 2 after \d+ ms of backoff/);
      // logFields "first": the same facts as a structured object, a JSON field of each line.
      const retryInMs = Number(/retrying in (\d+) ms$/.exec(ours[0].msg ?? "")?.[1]);
      expect(ours[0].smithyResilience).toEqual({
        event: "attempt-failed",
        service: "Pinpoint",
        operation: "SendMessages",
        attempt: 1,
        maxAttempts: 3,
        errorName: "InternalServerErrorException",
        errorClass: "TRANSIENT",
        httpStatusCode: 500,
        requestId: expect.stringMatching(/^emu-\d+$/),
        retryInMs,
      });
      expect(ours[1].smithyResilience).toEqual({
        event: "succeeded",
        service: "Pinpoint",
        operation: "SendMessages",
        attempts: 2,
        totalDelayMs: retryInMs,
        durationMs: expect.any(Number),
      });
      // The SDK's info line keeps its input, output and metadata, redacted by the library (no pino redact):
      // neither the phone number nor the message text appears anywhere in the output.
      const sdkLine = lines.find((line) => line.commandName === "SendMessagesCommand");
      expect(sdkLine?.level).toBe(30);
      expect(sdkLine?.metadata).toMatchObject({ httpStatusCode: 200, attempts: 2 });
      expect(sdkLine?.input).toMatchObject({
        ApplicationId: "my-app",
        MessageRequest: { MessageConfiguration: { SMSMessage: { Body: "***SensitiveInformation***", MessageType: "TRANSACTIONAL" } } },
      });
      expect(sdkLine?.output).toBeDefined();
      expect(stdout).toContain("***SensitiveInformation***");
      expect(stdout).not.toContain("15555550100");
      expect(stdout).not.toContain("Your code is");
    },
  },
  {
    file: "prometheus.ts",
    faults: script("SendMessages", 500, "ok", 400),
    standalone: true,
    operation: "Pinpoint.SendMessages",
    stats: { requests: 3, byStatus: { "500": 1, "200": 1, "400": 1 }, resets: 0 },
    check(stdout) {
      expect(stdout).toContain("second send failed: BadRequestException");
      expect(stdout).toContain("GET /metrics -> 200");
      const labels = 'service="Pinpoint",operation="SendMessages"';
      const series = stdout.split("\n").filter((line) => line.startsWith("smithy_resilience_"));
      // Counters from the events, by class and by reason.
      expect(series).toContain(`smithy_resilience_retries_total{${labels},error_class="TRANSIENT"} 1`);
      expect(series).toContain(`smithy_resilience_give_ups_total{${labels},reason="non-retryable"} 1`);
      // The call-duration histogram: one call of each outcome, every one in the +Inf bucket.
      for (const outcome of ["success", "give_up"]) {
        expect(series).toContain(`smithy_resilience_call_duration_seconds_count{${labels},outcome="${outcome}"} 1`);
        expect(series).toContain(`smithy_resilience_call_duration_seconds_bucket{le="+Inf",${labels},outcome="${outcome}"} 1`);
        expect(series).toContainEqual(expect.stringMatching(new RegExp(`^smithy_resilience_call_duration_seconds_sum\\{${labels},outcome="${outcome}"\\} \\d`)));
      }
      // Gauges read r.snapshot() at scrape time: the breaker closed, the budget full again after the retried call's success.
      expect(series).toContain('smithy_resilience_circuit_open{service="Pinpoint",region="us-east-1"} 0');
      expect(series).toContain('smithy_resilience_retry_budget_available{service="Pinpoint",region="us-east-1"} 500');
      expect(stdout).toContain("# TYPE smithy_resilience_pacing_rate gauge");
      // /health: 200 and the snapshot as JSON, without request content.
      const health = /^GET \/health -> (\d+)\n(.*)$/m.exec(stdout);
      expect(health?.[1]).toBe("200");
      const body = JSON.parse(health?.[2] ?? "null") as { healthy: boolean; routes: Array<Record<string, unknown>> };
      expect(body).toMatchObject({ healthy: true, routes: [{ service: "Pinpoint", region: "us-east-1", breaker: { state: "closed", retryAfterMs: 0 } }] });
      expect(health?.[2]).not.toContain("+15555550100");
      expect(health?.[2]).not.toContain("my-app");
    },
  },
];

test("the examples type-check against the package's entry points", async () => {
  await expect(execFileAsync(path.join(BIN, "tsc"), ["-p", "examples/tsconfig.json", "--noEmit"], { cwd: ROOT })).resolves.toBeDefined();
});

describe("against this test's emulator (ENDPOINT)", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  test.each(CASES.map((c) => [c.file, c] as const))("%s", async (_file, c) => {
    emulator.setFaults(c.faults);
    emulator.resetStats();

    const stdout = await runExample(c.file, emulator.endpoint);

    c.check(stdout);
    expect(emulator.stats().byOperation).toEqual({ [c.operation]: c.stats });
  });
});

describe("standalone, with an emulator of its own", () => {
  test.each(CASES.filter((c) => c.standalone).map((c) => [c.file, c] as const))("%s", async (_file, c) => {
    c.check(await runExample(c.file, undefined));
  });

  test("lambda-handler.ts refuses to run without ENDPOINT instead of calling AWS", async () => {
    await expect(runExample("lambda-handler.ts", undefined)).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Set ENDPOINT"),
    });
  });
});
