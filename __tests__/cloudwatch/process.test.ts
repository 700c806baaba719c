/**
 * The adapter in a process of its own, as it runs for real:
 * - in Lambda (AWS_LAMBDA_FUNCTION_NAME set), on its defaults it writes to the process's standard
 *   output, each invocation's records before the invocation ends; with Lambda's text and JSON log
 *   formats, every line of stdout is a valid EMF record;
 * - on a host, a process that records and ends without flushing exits at once (the interval timer is
 *   unref'd, the agent connection is closed at exit) and its records reach the agent.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { parseLines, startTcpAgent, total, valuesOf } from "./support";

const root = join(__dirname, "..", "..");
const child = join(__dirname, "fixtures", "child.ts");

function run(args: string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string; code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", child, ...args], {
      cwd: root,
      // The library's own environment guess is skipped, as in every test here (see ./emfEnv).
      env: { PATH: process.env.PATH ?? "", AWS_EMF_ENVIRONMENT: "Local", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    proc.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    proc.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    proc.on("error", reject);
    proc.on("close", (code) => resolve({ stdout, stderr, code, ms: Date.now() - started }));
  });
}

describe.each([
  ["text", {}],
  ["JSON", { AWS_LAMBDA_LOG_FORMAT: "JSON" }],
])("in Lambda, %s log format", (_, logFormat) => {
  test("stdout carries one valid record per invocation, written before the invocation ends", async () => {
    const { stdout, stderr, code } = await run(["lambda"], { AWS_LAMBDA_FUNCTION_NAME: "send-voice", ...logFormat });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const lines = stdout.trim().split("\n");
    expect(lines.map((line) => (line.startsWith("END") ? line : "record"))).toEqual(["record", "END 1", "record", "END 2"]);
    const records = parseLines(lines.filter((line) => !line.startsWith("END")).join("\n")); // checked against the schema
    expect(records).toHaveLength(2);
    expect(records.map((r) => valuesOf(r, "Latency"))).toEqual([[6], [7]]);
    expect(total(records, "Calls")).toBe(2);
    expect(records[0]._aws.CloudWatchMetrics[0].Namespace).toBe("Test/Lambda");
    expect(records[0]._aws).not.toHaveProperty("LogGroupName"); // Lambda decides the log group
  });
});

test("on a host, a process that records and ends without flush() exits at once and its records reach the agent", async () => {
  const agent = await startTcpAgent();
  try {
    const { stderr, code, ms } = await run(["host", agent.endpoint], {});
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const records = await agent.waitFor(1);
    expect(total(records, "Calls")).toBe(1);
    expect(total(records, "Attempts")).toBe(1);
    // tsx start-up takes about a second; a live 10 s timer or the library's 5 s socket idle timeout
    // would take far longer.
    expect(ms).toBeLessThan(4000);
    expect(agent.connections().open).toBe(0);
  } finally {
    await agent.close();
  }
});
