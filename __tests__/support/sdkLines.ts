/**
 * The three SDK clients as "lines" for steady-state tests: how to build one with any client option
 * (`cacheMiddleware`, `maxAttempts`, a wrapped `retryStrategy`), send its canonical message, and answer
 * it from an in-memory handler with its own wire errors. Only the public API of the library is used,
 * so that the tests survive internal refactors.
 */
import { PinpointClient } from "@aws-sdk/client-pinpoint";
import { PinpointSMSVoiceClient } from "@aws-sdk/client-pinpoint-sms-voice";
import { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import type { Resilience } from "../../src";
import type { EmulatorService, RecordedRequest } from "../../src/testing";
import { sendMessages, sendTextMessage, sendVoiceMessage } from "./clients";
import type { Reply } from "./inMemoryHandler";
import { errorReply, offlineClientConfig, okReply } from "./inMemoryHandler";

/** A client option set for {@link SdkLine.client}. */
export interface LineClientOptions {
  resilience: Resilience;
  /** Replaces `resilience.retryStrategy` in the client config (e.g. a wrapper around it). */
  retryStrategy?: unknown;
  /** Install `resilience.plugin` (default true). */
  plugin?: boolean;
  requestHandler?: unknown;
  endpoint?: string;
  /** The client's `maxAttempts` (unset: the SDK's default, 3). */
  maxAttempts?: number;
  cacheMiddleware?: boolean;
  logger?: unknown;
}

/** A client that sends its line's canonical message; `stack` is its middleware stack. */
export interface LineClient {
  send(): Promise<{ $metadata: { attempts?: number; totalRetryDelay?: number } }>;
  stack: { add(middleware: unknown, options: Record<string, unknown>): void };
}

/** A logger that drops everything: the SDK's streaming warning and its info lines stay out of the output. */
export const silentLogger = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** One SDK client and what a test needs to drive it. */
export interface SdkLine {
  /** Test title. */
  label: string;
  /** The service as the emulator and the events name it. */
  service: EmulatorService;
  /** Key of its canonical operation in `emulator.stats().byOperation`. */
  statsKey: string;
  /** Whether the client's runtime implements `cacheMiddleware` (3.523's Smithy 2.x ignores the option). */
  cachesHandlers: boolean;
  client(options: LineClientOptions): LineClient;
  /** In-memory replies in the line's wire format. */
  ok(): Reply;
  serverError(): Reply;
  throttled(): Reply;
}

function clientConfig(o: LineClientOptions): Record<string, unknown> {
  return {
    ...offlineClientConfig,
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    ...(o.requestHandler ? { requestHandler: o.requestHandler } : { requestHandler: { requestTimeout: 0, connectionTimeout: 0 } }),
    ...(o.maxAttempts !== undefined ? { maxAttempts: o.maxAttempts } : {}),
    ...(o.cacheMiddleware !== undefined ? { cacheMiddleware: o.cacheMiddleware } : {}),
    logger: o.logger ?? silentLogger,
    retryStrategy: o.retryStrategy ?? o.resilience.retryStrategy,
  };
}

interface AnyClient {
  middlewareStack: { use(plugin: never): void; add(middleware: never, options: never): void };
  send(command: never): Promise<unknown>;
}

function lineClient(client: AnyClient, o: LineClientOptions, command: () => unknown): LineClient {
  if (o.plugin !== false) client.middlewareStack.use(o.resilience.plugin as never);
  return {
    send: () => client.send(command() as never) as Promise<{ $metadata: { attempts?: number } }>,
    stack: { add: (middleware, options) => client.middlewareStack.add(middleware as never, options as never) },
  };
}

const v2Error = (status: number, type: string): Reply => ({
  status,
  headers: { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": `req-${status}` },
  body: JSON.stringify({ __type: `com.amazonaws.pinpointsmsvoicev2#${type}`, Message: "m" }),
});

export const PINPOINT: SdkLine = {
  label: "Pinpoint (current line)",
  service: "Pinpoint",
  statsKey: "Pinpoint.SendMessages",
  cachesHandlers: true,
  client: (o) => lineClient(new PinpointClient(clientConfig(o) as never) as unknown as AnyClient, o, sendMessages),
  ok: () => okReply({ MessageResponse: { ApplicationId: "app-1", Result: {} } }),
  serverError: () => errorReply(500, "InternalServerErrorException"),
  throttled: () => errorReply(429, "TooManyRequestsException"),
};

export const SMS_VOICE_V1: SdkLine = {
  label: "SMS Voice v1 (3.523, Smithy 2.x)",
  service: "PinpointSMSVoice",
  statsKey: "PinpointSMSVoice.SendVoiceMessage",
  cachesHandlers: false,
  client: (o) => lineClient(new PinpointSMSVoiceClient(clientConfig(o) as never) as unknown as AnyClient, o, sendVoiceMessage),
  ok: () => okReply({ MessageId: "m-1" }),
  serverError: () => errorReply(500, "InternalServiceErrorException"),
  throttled: () => errorReply(429, "TooManyRequestsException"),
};

export const SMS_VOICE_V2: SdkLine = {
  label: "SMS Voice v2 (current line, awsJson1_0)",
  service: "PinpointSMSVoiceV2",
  statsKey: "PinpointSMSVoiceV2.SendTextMessage",
  cachesHandlers: true,
  client: (o) => lineClient(new PinpointSMSVoiceV2Client(clientConfig(o) as never) as unknown as AnyClient, o, sendTextMessage),
  ok: () => okReply({ MessageId: "m-2" }),
  serverError: () => v2Error(500, "InternalServerException"),
  throttled: () => v2Error(400, "ThrottlingException"),
};

export const ALL_LINES: readonly SdkLine[] = [PINPOINT, SMS_VOICE_V1, SMS_VOICE_V2];

/** Recorded events without the measured durations, which differ from call to call. */
export function shapeOf(events: ReadonlyArray<{ type: string; event: Record<string, unknown> }>) {
  return events.map(({ type, event }) => ({ type, ...event, durationMs: undefined }));
}

/** Outcome of one call: its `$metadata.attempts` and whether it succeeded. */
export interface CallOutcome {
  ok: boolean;
  attempts: number | undefined;
  error?: unknown;
}

/** Sends once and records the outcome instead of throwing. */
export async function outcomeOf(send: () => Promise<{ $metadata: { attempts?: number } }>): Promise<CallOutcome> {
  try {
    const output = await send();
    return { ok: true, attempts: output.$metadata.attempts };
  } catch (error) {
    return { ok: false, attempts: (error as { $metadata?: { attempts?: number } }).$metadata?.attempts, error };
  }
}

/** Groups emulator requests by call (`amz-sdk-invocation-id`), in arrival order, with their `amz-sdk-request` headers. */
export function requestHeadersByCall(requests: readonly RecordedRequest[]): string[][] {
  const byCall = new Map<string, string[]>();
  for (const request of requests) {
    const id = request.headers["amz-sdk-invocation-id"] ?? "(none)";
    const list = byCall.get(id) ?? [];
    list.push(request.headers["amz-sdk-request"] ?? "(none)");
    byCall.set(id, list);
  }
  return [...byCall.values()];
}

/** The `amz-sdk-request` headers a call of `attempts` attempts sends under a client whose `maxAttempts` is `max`. */
export function expectedRequestHeaders(attempts: number, max: number): string[] {
  return Array.from({ length: attempts }, (_, i) => `attempt=${i + 1}; max=${max}`);
}

/** What one call did, as seen from outside: its outcome, its events in order and its `amz-sdk-request` headers. */
export interface CallRecord {
  ok: boolean;
  attempts: number | undefined;
  events: ReturnType<typeof shapeOf>;
  requestHeaders: string[];
}

/**
 * Makes `calls` sequential calls with `send` and records each one: the events `events` gained during the
 * call and the `amz-sdk-request` headers `requestHeaders()` gained (a list that only grows).
 */
export async function recordCalls(
  calls: number,
  send: () => Promise<{ $metadata: { attempts?: number } }>,
  events: Array<{ type: string; event: Record<string, unknown> }>,
  requestHeaders: () => readonly string[],
): Promise<CallRecord[]> {
  const records: CallRecord[] = [];
  for (let i = 0; i < calls; i++) {
    const eventsBefore = events.length;
    const headersBefore = requestHeaders().length;
    const outcome = await outcomeOf(send);
    records.push({
      ok: outcome.ok,
      attempts: outcome.attempts,
      events: shapeOf(events.slice(eventsBefore)),
      requestHeaders: requestHeaders().slice(headersBefore),
    });
  }
  return records;
}

/** Every call's record equals the first call's; a failure names the call. */
export function expectEveryCallLikeTheFirst(records: readonly CallRecord[]): void {
  const [first, ...rest] = records;
  rest.forEach((record, i) => {
    expect({ call: i + 2, ...record }).toEqual({ call: i + 2, ...first });
  });
}
