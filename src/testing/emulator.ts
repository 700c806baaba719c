/**
 * The local HTTP server that answers Pinpoint, SMS Voice v1 and SMS Voice v2 requests from the real SDK
 * clients, with faults injected by rule.
 * @packageDocumentation
 */

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { FaultEngine } from "./faults";
import { errorResponse, genericErrorName, htmlResponse, successResponse, type WireResponse } from "./protocols";
import { Recorder } from "./recorder";
import type { EmulatedService, ParsedRequest, SuccessContext } from "./service";
import { pinpoint } from "./services/pinpoint";
import { smsVoice } from "./services/sms-voice";
import { smsVoiceV2 } from "./services/sms-voice-v2";
import type { Emulator, EmulatorOptions, FaultResponse } from "./types";
import { validateEmulatorOptions, validateFaultRules } from "./validateFaultRules";

/** Most specific first: Pinpoint owns whatever the others do not claim. */
const SERVICES: readonly EmulatedService[] = [smsVoiceV2, smsVoice, pinpoint];

/** What a request gets: a response, or a destroyed socket. */
type Answer = WireResponse | "reset";

/**
 * Starts an emulator on 127.0.0.1. Point a client at it with
 * `{ endpoint: emulator.endpoint, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } }`.
 *
 * @param options - Seed, initial fault rules, port and clock.
 * @returns The running emulator; call `close()` when done.
 * @throws Error (a rejection) naming the option or fault rule and its accepted range, when one is unknown,
 * out of range or could not take effect; `setFaults` throws the same way.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  validateEmulatorOptions(options);
  const now = options.now ?? (() => performance.now());
  const seed = options.seed ?? 1;
  const startedAt = now();
  const recorder = new Recorder();
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let engine = new FaultEngine(options.faults ?? {}, seed, now);
  let requestCount = 0;
  let messageCount = 0;

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function handle(incoming: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(incoming);
    if (raw === undefined) return; // the client went away mid-request
    const requestId = `emu-${String(++requestCount).padStart(6, "0")}`;
    const { request, parseError } = parseRequest(incoming, raw);
    const service = SERVICES.find((s) => s.owns(request)) ?? pinpoint;
    const resolved = service.resolve(request);
    const operation = resolved?.operation ?? "UnknownOperation";
    const at = now() - startedAt;

    let answer: Answer;
    let delayMs = 0;
    if (!resolved) {
      const message = `No operation at ${request.method} ${request.path}`;
      answer = errorResponse(service, 404, "UnknownOperationException", message, requestId);
    } else {
      const verdict = engine.decide({ service: service.name, operation, ...callAndAttempt(request.headers) });
      delayMs = verdict.delayMs;
      if (verdict.fault) {
        answer = faultAnswer(service, verdict.fault, requestId);
      } else if (parseError) {
        answer = errorResponse(service, 400, service.errorNames[400], parseError, requestId);
      } else {
        const context: SuccessContext = {
          requestId,
          nextMessageId: () => `emu-msg-${String(++messageCount).padStart(6, "0")}`,
          deliveryStatus: (address) => engine.deliveryStatus(address),
        };
        answer = successResponse(service.protocol, resolved.respond(context), requestId);
      }
    }

    recorder.record({
      service: service.name,
      operation,
      at,
      status: answer === "reset" ? "reset" : answer.status,
      headers: request.headers,
      body: request.body,
    });
    if (delayMs > 0) await delay(delayMs);
    if (answer === "reset") incoming.socket.destroy();
    else writeResponse(res, answer);
  }

  // A request the emulator cannot even parse gets a dropped connection, never a crashed test process.
  const server = createServer((incoming, res) => void handle(incoming, res).catch(() => incoming.socket.destroy()));
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    setFaults: (faults) => {
      engine = new FaultEngine(validateFaultRules(faults), seed, now);
    },
    stats: () => recorder.stats(),
    requests: () => recorder.requests(),
    resetStats: () => recorder.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        timers.forEach(clearTimeout);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        sockets.forEach((socket) => socket.destroy());
      }),
  };
}

function faultAnswer(service: EmulatedService, fault: FaultResponse, requestId: string): Answer {
  if (fault.reset) return "reset";
  const status = fault.status ?? (fault.html ? 503 : 500);
  const name = fault.errorName ?? service.errorNames[status] ?? genericErrorName(status);
  const response = fault.html
    ? htmlResponse(status, requestId)
    : errorResponse(service, status, name, fault.message ?? `Emulated ${name}`, requestId);
  if (fault.retryAfter !== undefined) response.headers["Retry-After"] = fault.retryAfter;
  if (fault.amzRetryAfterMs !== undefined) response.headers["x-amz-retry-after"] = String(fault.amzRetryAfterMs);
  return response;
}

async function readBody(incoming: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
  } catch {
    return undefined;
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The SDK's call identity and attempt number, from its `amz-sdk-invocation-id` and `amz-sdk-request` headers. */
function callAndAttempt(headers: Record<string, string>): { invocationId?: string; attempt?: number } {
  const attempt = /attempt=(\d+)/.exec(headers["amz-sdk-request"] ?? "")?.[1];
  return { invocationId: headers["amz-sdk-invocation-id"], attempt: attempt === undefined ? undefined : Number(attempt) };
}

function parseRequest(incoming: IncomingMessage, raw: string): { request: ParsedRequest; parseError?: string } {
  const path = new URL(incoming.url ?? "/", "http://emulator").pathname;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const request = { method: incoming.method ?? "GET", path, headers };
  if (raw === "") return { request: { ...request, body: undefined } };
  try {
    return { request: { ...request, body: JSON.parse(raw) } };
  } catch {
    return { request: { ...request, body: raw }, parseError: "The request body is not valid JSON" };
  }
}

function writeResponse(res: ServerResponse, response: WireResponse): void {
  if (res.destroyed) return;
  res.writeHead(response.status, { ...response.headers, "content-length": Buffer.byteLength(response.body) });
  res.end(response.body);
}
