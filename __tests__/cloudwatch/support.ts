/**
 * Helpers of the CloudWatch adapter's tests: the EMF schema check (ajv, plus the reference rules JSON
 * Schema cannot state), stand-ins for the CloudWatch agent (TCP and UDP listeners on 127.0.0.1), a
 * capture of what the library prints, and readers of records by metric and dimensions.
 *
 * Import `./emfEnv` before this module and before anything that loads aws-embedded-metrics.
 */
import { createServer } from "node:net";
import type { Server, Socket } from "node:net";
import { createSocket } from "node:dgram";
import Ajv from "ajv";
import type { ValidateFunction } from "ajv";
import schema from "./emfSchema.json";

/** One EMF record as parsed JSON. */
export type EmfRecord = Record<string, unknown> & {
  _aws: {
    Timestamp: number;
    LogGroupName?: string;
    LogStreamName?: string;
    CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit?: string }[] }[];
  };
};

let validator: ValidateFunction | undefined;

/**
 * Parses one line and checks it against the EMF schema and the specification's reference rules: every
 * dimension and metric named in a directive is a member of the root; a dimension's is a string, a
 * metric's a number or an array of 1–100 numbers. Throws with every problem found.
 */
export function parseEmf(line: string): EmfRecord {
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(schema);
  const record: unknown = JSON.parse(line);
  const problems: string[] = [];
  if (!validator(record)) problems.push(...(validator.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`));
  else {
    const root = record as EmfRecord;
    for (const directive of root._aws.CloudWatchMetrics) {
      for (const name of directive.Dimensions.flat()) {
        if (typeof root[name] !== "string") problems.push(`dimension ${name}: the root member must be a string, is ${JSON.stringify(root[name])}`);
      }
      for (const { Name } of directive.Metrics) {
        const value = root[Name];
        const ok =
          (typeof value === "number" && Number.isFinite(value)) ||
          (Array.isArray(value) && value.length >= 1 && value.length <= 100 && value.every((v) => typeof v === "number" && Number.isFinite(v)));
        if (!ok) problems.push(`metric ${Name}: the root member must be a number or 1–100 numbers, is ${JSON.stringify(value)}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`not a valid EMF record:\n  ${problems.join("\n  ")}\n${line}`);
  return record as EmfRecord;
}

/** Parses and checks every non-empty line. */
export function parseLines(text: string): EmfRecord[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map(parseEmf);
}

/** The one directive of a record (the adapter writes one per record). */
export function directive(record: EmfRecord) {
  expect(record._aws.CloudWatchMetrics).toHaveLength(1);
  return record._aws.CloudWatchMetrics[0];
}

/** The records whose dimension sets are exactly `sets` (order of sets and of names kept). */
export function withSets(records: EmfRecord[], sets: string[][]): EmfRecord[] {
  return records.filter((r) => JSON.stringify(directive(r).Dimensions) === JSON.stringify(sets));
}

/** A metric's values in a record, as an array. */
export function valuesOf(record: EmfRecord, name: string): number[] {
  const value = record[name];
  return Array.isArray(value) ? (value as number[]) : typeof value === "number" ? [value] : [];
}

/** The sum of a metric over the records matching `where` (dimension members equal to the given values). */
export function total(records: EmfRecord[], name: string, where: Record<string, string> = {}): number {
  return records
    .filter((r) => directive(r).Metrics.some((m) => m.Name === name) && Object.entries(where).every(([k, v]) => r[k] === v))
    .reduce((sum, r) => sum + valuesOf(r, name).reduce((a, b) => a + b, 0), 0);
}

/** Captures what `console.log` prints (the library's stdout sink writes through it) until `restore()`. */
export function captureConsoleLog(): { lines: () => string[]; records: () => EmfRecord[]; restore: () => void } {
  const printed: string[] = [];
  const spy = jest.spyOn(console, "log").mockImplementation((...args: unknown[]) => {
    printed.push(args.map(String).join(" "));
  });
  return { lines: () => [...printed], records: () => printed.map(parseEmf), restore: () => spy.mockRestore() };
}

/** A stand-in for the CloudWatch agent's EMF endpoint. */
export interface FakeAgent {
  endpoint: string;
  /** The newline-delimited records received so far, parsed and checked. */
  records(): EmfRecord[];
  /** Resolves once at least `n` records arrived (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<EmfRecord[]>;
  /** TCP only: connections accepted so far, and those still open. */
  connections(): { accepted: number; open: number };
  /** TCP only: resets every open connection (the agent crashing), keeping the listener. */
  resetConnections(): void;
  close(): Promise<void>;
}

function waiter(records: () => EmfRecord[]) {
  return async (n: number, timeoutMs = 5000): Promise<EmfRecord[]> => {
    const deadline = Date.now() + timeoutMs;
    while (records().length < n) {
      if (Date.now() > deadline) throw new Error(`expected ${n} records, got ${records().length}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return records();
  };
}

/** A TCP listener on 127.0.0.1 (a free port, or `port`) reading newline-delimited records, like the agent. */
export async function startTcpAgent(port = 0): Promise<FakeAgent> {
  let text = "";
  const open = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    open.add(socket);
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", () => undefined);
    socket.on("close", () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  const records = () => parseLines(text.slice(0, text.lastIndexOf("\n") + 1));
  return {
    endpoint: `tcp://127.0.0.1:${address.port}`,
    records,
    waitFor: waiter(records),
    connections: () => ({ accepted, open: open.size }),
    resetConnections: () => {
      for (const socket of open) socket.resetAndDestroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A UDP socket on 127.0.0.1: each datagram holds newline-terminated records. */
export async function startUdpAgent(): Promise<FakeAgent> {
  const datagrams: string[] = [];
  const socket = createSocket("udp4");
  socket.on("message", (message) => datagrams.push(message.toString("utf8")));
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const records = () => parseLines(datagrams.join(""));
  return {
    endpoint: `udp://127.0.0.1:${socket.address().port}`,
    records,
    waitFor: waiter(records),
    connections: () => ({ accepted: 0, open: 0 }),
    resetConnections: () => undefined,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
