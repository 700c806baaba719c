/**
 * The workload: one real SDK call per service, and the stream that sends them, one call after another,
 * to one emulator, recording every attempt, retry and give-up.
 * @packageDocumentation
 */

import { PinpointClient, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import { PinpointSMSVoiceClient, SendVoiceMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice";
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { setTimeout } from "node:timers/promises";
import type { CircuitState, ErrorClass, GiveUpReason } from "../src";
import type { Emulator, EmulatorService, EmulatorStats } from "../src/testing";
import { outcomeOf, type RecordKey, type RunRecords, type VariantId } from "./metrics";
import { CALL_INTERVAL_MS, NOMINAL_ATTEMPT_MS, PHASES, type PhaseName } from "./phases";
import { attemptStatus, type AttemptListener } from "./probe";
import type { SdkRetryListener } from "./sdkRetry";
import type { VirtualClock } from "./virtualClock";
import type { GaugeReading, WatchedCounter, WatchedCounts } from "./watchedMetrics";

/** Fictional numbers (555-01xx) and a fixed text: the demo never prints or reports either. */
const DESTINATION = "+15555550100";
const ORIGINATION = "+15555550199";
const TEXT = "Your code is 000000";

/** Client settings shared by both variants. */
export interface ClientSettings {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Pinned so that a developer's AWS_RETRY_MODE, AWS_MAX_ATTEMPTS or ~/.aws/config cannot change the comparison. */
  retryMode: "standard";
  maxAttempts: number;
  /** Undefined: the SDK's default. */
  retryStrategy?: unknown;
}

/** The part of a client the demo uses, the same for all three clients. */
export interface ServiceClient {
  /** Sends one message. */
  send(): Promise<unknown>;
  /** The client's own provider of its retry strategy (`config.retryStrategy`). */
  retryStrategyProvider(): Promise<unknown>;
  use(plugin: { applyToStack(stack: never): void }): void;
  destroy(): void;
}

/** One service of the workload. */
export interface ServiceDefinition {
  name: EmulatorService;
  /** Short name for people. */
  label: string;
  operation: string;
  createClient(settings: ClientSettings): ServiceClient;
}

/** Adapts a concrete client; the `never` casts bridge the two Smithy type lines the clients are built on. */
function serviceClient(
  client: { config: { retryStrategy: () => Promise<unknown> }; middlewareStack: { use(plugin: never): void }; destroy(): void },
  send: () => Promise<unknown>,
): ServiceClient {
  return {
    send,
    retryStrategyProvider: () => client.config.retryStrategy(),
    use: (plugin) => client.middlewareStack.use(plugin as never),
    destroy: () => client.destroy(),
  };
}

/** The three services, each with the send operation a messaging application calls most. */
export const SERVICES: readonly ServiceDefinition[] = [
  {
    name: "Pinpoint",
    label: "Pinpoint",
    operation: "SendMessages",
    createClient: (settings) => {
      const client = new PinpointClient(settings as never);
      return serviceClient(client, () =>
        client.send(
          new SendMessagesCommand({
            ApplicationId: "demo-app",
            MessageRequest: {
              Addresses: { [DESTINATION]: { ChannelType: "SMS" } },
              MessageConfiguration: { SMSMessage: { Body: TEXT, MessageType: "TRANSACTIONAL" } },
            },
          }),
        ),
      );
    },
  },
  {
    name: "PinpointSMSVoice",
    label: "SMS Voice v1",
    operation: "SendVoiceMessage",
    createClient: (settings) => {
      const client = new PinpointSMSVoiceClient(settings as never);
      return serviceClient(client, () =>
        client.send(
          new SendVoiceMessageCommand({
            DestinationPhoneNumber: DESTINATION,
            OriginationPhoneNumber: ORIGINATION,
            Content: { PlainTextMessage: { Text: TEXT, LanguageCode: "en-US", VoiceId: "Joanna" } },
          }),
        ),
      );
    },
  },
  {
    name: "PinpointSMSVoiceV2",
    label: "SMS Voice v2",
    operation: "SendTextMessage",
    createClient: (settings) => {
      const client = new PinpointSMSVoiceV2Client(settings as never);
      return serviceClient(client, () =>
        client.send(new SendTextMessageCommand({ DestinationPhoneNumber: DESTINATION, MessageBody: TEXT })),
      );
    },
  },
];

/** Progress of a stream after each call. */
export interface CallReport {
  ok: boolean;
  attempts: number;
}

/**
 * One variant's worker for one service: calls one after another, one every {@link CALL_INTERVAL_MS} of
 * wall time (the phase's `serviceMsPerCall` of service time), to its own emulator. Sequential on purpose: the emulator draws its seeded faults in arrival order, so only
 * a single ordered stream per emulator lands the same faults on the same requests in every run.
 */
export class Stream implements AttemptListener, SdkRetryListener, WatchedCounts {
  private phase: PhaseName | undefined;
  private callAttempts = 0;
  private callGaveUp = false;
  private attemptStartedAt = 0;
  /** Virtual time at which the last announced backoff ends; the next attempt starts no earlier. */
  private backoffEndsAt = 0;
  /** The backoff announced by the last retry, until it is slept on this stream's clock or the attempt starts. */
  private pendingBackoffMs: number | undefined;
  /** What the current call waited on this stream's clock beyond its backoffs: the rate limiter's pacing. */
  private callPacingMs = 0;
  private client: ServiceClient | undefined;
  /** Virtual time of the slot after the last call: a phase's first call comes one interval after the last call before it. */
  private nextSlotAt = 0;
  /** Reads the gauges of the variant's metrics sink, if it has one. */
  private readGauges: (() => GaugeReading | undefined) | undefined;

  constructor(
    readonly variant: VariantId,
    readonly service: ServiceDefinition,
    readonly emulator: Emulator,
    /** The emulator's clock too: both must read the same time. */
    readonly clock: VirtualClock,
    private readonly records: RunRecords,
    /** Wall-clock ms since the run started. */
    private readonly elapsed: () => number,
  ) {}

  /** Sets the client; built after the stream because the variant's hooks report to the stream. */
  attach(client: ServiceClient): void {
    this.client = client;
  }

  /** Has the gauges read, like a scraper, at the start of each phase and after every call, on this stream's clock. */
  watchGauges(read: () => GaugeReading | undefined): void {
    this.readGauges = read;
  }

  /** Releases the client's sockets; the emulator is closed by whoever started it. */
  close(): void {
    this.client?.destroy();
  }

  /** Switches the emulator to the phase's faults, sends `calls` calls and records what the emulator counted. */
  async runPhase(phase: PhaseName, calls: number, onCall: (report: CallReport) => void): Promise<void> {
    this.phase = phase;
    this.emulator.setFaults(PHASES[phase].faults);
    const before = countsOf(this.emulator.stats());
    const realStart = this.elapsed();
    const virtualStart = Math.max(this.clock.now(), this.nextSlotAt);
    this.nextSlotAt = virtualStart + calls * PHASES[phase].serviceMsPerCall;
    this.clock.advanceTo(virtualStart);
    this.sampleGauges();
    for (let i = 0; i < calls; i++) {
      // Due at the i-th slot of both clocks (the phase's service time per call on the virtual one); a late worker starts at once.
      this.clock.advanceTo(virtualStart + i * PHASES[phase].serviceMsPerCall);
      const waitMs = realStart + i * CALL_INTERVAL_MS - this.elapsed();
      if (waitMs > 0) await setTimeout(waitMs);
      const report = await this.runCall();
      this.sampleGauges();
      onCall(report);
    }
    const after = countsOf(this.emulator.stats());
    this.records.emulator.push({ ...this.key(), ...difference(after, before) });
  }

  attemptStarted(): void {
    this.callAttempts++;
    this.attemptStartedAt = this.elapsed();
    // The SDK sleeps its backoff on its own timer, smithy-resilience on this clock (see sleep), which has then
    // moved already: either way the attempt starts once the backoff has passed, counted once.
    this.clock.advanceTo(this.backoffEndsAt);
    this.pendingBackoffMs = undefined;
    this.clock.advance(NOMINAL_ATTEMPT_MS);
  }

  attemptEnded(status: number | undefined): void {
    this.records.attempts.push({ ...this.key(), atMs: this.attemptStartedAt, status, outcome: outcomeOf(status) });
  }

  onRetry(errorClass: ErrorClass, delayMs: number): void {
    this.backoffEndsAt = this.clock.now() + delayMs;
    this.pendingBackoffMs = delayMs;
    this.records.retries.push({ ...this.key(), errorClass });
  }

  /**
   * smithy-resilience's `clock.sleep`: waits on the stream's clock. A sleep of the backoff its `onRetry`
   * just announced is that backoff; any other is its rate limiter pacing the call, which the call records.
   */
  readonly sleep = async (ms: number): Promise<void> => {
    if (ms === this.pendingBackoffMs) this.pendingBackoffMs = undefined;
    else this.callPacingMs += ms;
    await this.clock.sleep(ms);
  };

  onGiveUp(reason: GiveUpReason): void {
    this.callGaveUp = true;
    this.records.giveUps.push({ ...this.key(), reason });
  }

  onCircuitStateChange(from: CircuitState, to: CircuitState): void {
    this.records.circuitChanges.push({ ...this.key(), atMs: this.elapsed(), from, to });
  }

  /** A counter of the variant's metrics sink went up. */
  count(counter: WatchedCounter, label?: string): void {
    this.records.watched.events.push({ ...this.key(), counter, ...(label === undefined ? {} : { label }) });
  }

  private sampleGauges(): void {
    const reading = this.readGauges?.();
    if (reading) this.records.watched.samples.push({ ...this.key(), atMs: this.clock.now(), ...reading });
  }

  private async runCall(): Promise<CallReport> {
    if (!this.client) throw new Error("demo: stream used before its client was attached");
    this.callAttempts = 0;
    this.callGaveUp = false;
    this.callPacingMs = 0;
    const startedAt = performance.now();
    let ok = true;
    try {
      await this.client.send();
    } catch (error) {
      // A failure is data when the emulator answered it or the strategy said why it gave up (e.g. an open
      // circuit sends nothing); anything else is a bug in the demo.
      if (attemptStatus({ error }) === undefined && !this.callGaveUp) throw error;
      ok = false;
    }
    const latencyMs = performance.now() - startedAt;
    this.records.calls.push({ ...this.key(), ok, attempts: this.callAttempts, latencyMs, pacingMs: this.callPacingMs });
    return { ok, attempts: this.callAttempts };
  }

  private key(): RecordKey {
    if (!this.phase) throw new Error("demo: stream used outside a phase");
    return { variant: this.variant, service: this.service.name, phase: this.phase };
  }
}

/** Requests and statuses an emulator counted between two readings of its counters. */
interface EmulatorCounts {
  requests: number;
  byStatus: Record<string, number>;
}

function difference(after: EmulatorCounts, before: EmulatorCounts): EmulatorCounts {
  const byStatus: Record<string, number> = {};
  for (const [status, count] of Object.entries(after.byStatus)) {
    const delta = count - (before.byStatus[status] ?? 0);
    if (delta > 0) byStatus[status] = delta;
  }
  return { requests: after.requests - before.requests, byStatus };
}

/** The emulator's counters, statuses added up over operations (each stream calls one operation). */
function countsOf(stats: EmulatorStats): EmulatorCounts {
  const byStatus: Record<string, number> = {};
  for (const operation of Object.values(stats.byOperation)) {
    for (const [status, count] of Object.entries(operation.byStatus)) byStatus[status] = (byStatus[status] ?? 0) + count;
  }
  return { requests: stats.requests, byStatus };
}
