/**
 * The retry stacks compared side by side, and the clients built with each, the way a user would build them.
 */
import { PinpointClient, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import { PinpointSMSVoiceClient, SendVoiceMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice";
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { MeterProvider, MetricReader } from "@opentelemetry/sdk-metrics";
import { createResilience, openTelemetryMetrics } from "./library";
import { createSeededRandom } from "../src/testing";
import { installOtelRecordsOnly } from "./otelRecordsOnly";
import { installPluginShapeOnly } from "./pluginShapeOnly";

/** Identifiers of the compared stacks, in table order. */
export const VARIANT_IDS = [
  "sdk-standard",
  "sdk-adaptive",
  "smithy-resilience",
  "smithy-resilience-no-limiter",
  "smithy-resilience-otel",
  "sdk-standard-otel-records",
  "sdk-standard-plugin-shape",
  "sdk-standard-again",
] as const;
export type VariantId = (typeof VARIANT_IDS)[number];

/** Column headers of the table. */
export const VARIANT_LABELS: Readonly<Record<VariantId, string>> = {
  "sdk-standard": "SDK standard",
  "sdk-adaptive": "SDK adaptive",
  "smithy-resilience": "smithy-resilience",
  "smithy-resilience-no-limiter": "smithy-resilience, no limiter",
  "smithy-resilience-otel": "smithy-resilience + OTel metrics",
  "sdk-standard-otel-records": "SDK standard + the same OTel records",
  "sdk-standard-plugin-shape": "SDK standard in the plugin's two empty layers",
  "sdk-standard-again": "SDK standard, a second client (A/A)",
};

/** Variants that run only in the scenarios listed; any other variant runs in every scenario. */
const ONLY_IN: Partial<Record<VariantId, readonly string[]>> = {
  // The OpenTelemetry adapter's cost is a CPU question; the other scenarios would repeat smithy-resilience's figures.
  "smithy-resilience-otel": ["overhead"],
  // The OpenTelemetry SDK's own cost of the adapter's records: the floor under the OTel variant's figure.
  "sdk-standard-otel-records": ["overhead"],
  // The plugin's shape with none of its work: the floor under smithy-resilience's CPU figure.
  "sdk-standard-plugin-shape": ["overhead"],
  // A second client built exactly as the baseline: how far two identical clients' ratio strays from 1 by
  // chance in one run, the resolution every other ratio of the scenario is read at.
  "sdk-standard-again": ["overhead"],
};

/** The variants of `variants` that run in `scenario`. */
export function variantsFor(scenario: string, variants: readonly VariantId[]): VariantId[] {
  return variants.filter((variant) => ONLY_IN[variant]?.includes(scenario) ?? true);
}

/**
 * The meter of the OTel variant: the real metrics SDK, as a service would run it, with a reader that is
 * never collected (an export every minute costs nothing per call), so the figure is the recording's cost.
 */
function benchMeter() {
  class IdleReader extends MetricReader {
    protected async onForceFlush(): Promise<void> {}
    protected async onShutdown(): Promise<void> {}
  }
  return new MeterProvider({ readers: [new IdleReader()] }).getMeter("bench");
}

/** The variant ratios are taken against. */
export const BASELINE: VariantId = "sdk-standard";

/** The services the scenarios send to, by their canonical send operation. */
export type BenchService = "Pinpoint" | "PinpointSMSVoice" | "PinpointSMSVoiceV2";

/** Where requests go: the emulator's endpoint, or an in-memory `requestHandler`. */
export type Target = { endpoint: string } | { requestHandler: unknown };

/**
 * What the scenario family learns of each call: its own `amz-sdk-invocation-id` (the emulator's
 * `randomBy: "call"` keys its fault draws on it, so every stack meets the same faults on the same call),
 * a callback per HTTP request sent, and an abort signal.
 */
export interface CallTag {
  invocationId: string;
  onRequest(): void;
  abortSignal?: AbortSignal;
}

/** A client of one variant that sends the service's canonical message, one call per `send()`. */
export interface BenchClient {
  /** Sends one message; with a `tag`, the call carries it (the untagged path adds nothing to the stack). */
  send(tag?: CallTag): Promise<unknown>;
  /** Releases sockets. */
  destroy(): void;
}

const REGION = "us-east-1";
const CREDENTIALS = { accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" };
const PHONE = "+15555550100";

interface StackOwner {
  middlewareStack: { use(plugin: never): void } & Parameters<typeof installOtelRecordsOnly>[0] & Parameters<typeof installPluginShapeOnly>[0];
}

/** Client config and stack additions for one variant; `seed` seeds the library's jitter. */
function wiring(variant: VariantId, seed: number) {
  switch (variant) {
    case "sdk-standard":
    case "sdk-standard-again":
      return { config: { retryMode: "standard" }, install: () => undefined };
    case "sdk-adaptive":
      return { config: { retryMode: "adaptive" }, install: () => undefined };
    case "sdk-standard-otel-records":
      return {
        config: { retryMode: "standard" },
        // It runs only in the overhead scenario, whose calls are Pinpoint SendMessages.
        install: (client: StackOwner) => installOtelRecordsOnly(client.middlewareStack, benchMeter(), "Pinpoint/SendMessages", REGION),
      };
    case "sdk-standard-plugin-shape":
      return { config: { retryMode: "standard" }, install: (client: StackOwner) => installPluginShapeOnly(client.middlewareStack) };
    case "smithy-resilience":
    case "smithy-resilience-no-limiter":
    case "smithy-resilience-otel": {
      const resilience = createResilience({
        clock: { random: createSeededRandom(seed) },
        ...(variant === "smithy-resilience-no-limiter" ? { rateLimiter: false } : {}),
        ...(variant === "smithy-resilience-otel" ? { metrics: openTelemetryMetrics({ meter: benchMeter() }) } : {}),
      });
      return {
        config: { retryStrategy: resilience.retryStrategy },
        install: (client: StackOwner) => client.middlewareStack.use(resilience.plugin as never),
      };
    }
  }
}

/** Client options every variant gets alike, e.g. `{ cacheMiddleware: true }`. */
export type SharedClientOptions = Record<string, unknown>;

interface Sender {
  middlewareStack: StackOwner["middlewareStack"];
  send(command: never, options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  destroy(): void;
}

interface TaggableCommand {
  middlewareStack: { add(middleware: never, options: { step: "deserialize"; priority: "low"; name: string }): void };
}

/** The service's client and a builder of its canonical send command. */
function serviceClient(service: BenchService, clientConfig: never): { client: Sender; command: () => TaggableCommand } {
  switch (service) {
    case "Pinpoint":
      return {
        client: new PinpointClient(clientConfig) as unknown as Sender,
        command: () =>
          new SendMessagesCommand({
            ApplicationId: "bench-app",
            MessageRequest: {
              Addresses: { [PHONE]: { ChannelType: "SMS" } },
              MessageConfiguration: { SMSMessage: { Body: "bench", MessageType: "TRANSACTIONAL" } },
            },
          }) as unknown as TaggableCommand,
      };
    case "PinpointSMSVoice":
      return {
        client: new PinpointSMSVoiceClient(clientConfig) as unknown as Sender,
        command: () =>
          new SendVoiceMessageCommand({
            DestinationPhoneNumber: PHONE,
            OriginationPhoneNumber: "+15555550199",
            Content: { PlainTextMessage: { Text: "bench", LanguageCode: "en-US", VoiceId: "Joanna" } },
          }) as unknown as TaggableCommand,
      };
    case "PinpointSMSVoiceV2":
      return {
        client: new PinpointSMSVoiceV2Client(clientConfig) as unknown as Sender,
        command: () => new SendTextMessageCommand({ DestinationPhoneNumber: PHONE, MessageBody: "bench" }) as unknown as TaggableCommand,
      };
  }
}

interface RequestArgs {
  request: { headers: Record<string, string> };
}

/**
 * The tag's middleware, on the command's own stack in the deserialize step: it runs once per HTTP request,
 * after the retry middleware has set the invocation id and the attempt header, just before the handler.
 */
function tagMiddleware(tag: CallTag) {
  return (next: (args: RequestArgs) => Promise<unknown>) => (args: RequestArgs) => {
    args.request.headers["amz-sdk-invocation-id"] = tag.invocationId;
    tag.onRequest();
    return next(args);
  };
}

/** Builds a client of `variant` for `service`, sending to `target`, with `shared` options on top of the variant's. */
export function createBenchClient(variant: VariantId, service: BenchService, target: Target, seed: number, shared: SharedClientOptions = {}): BenchClient {
  const { config, install } = wiring(variant, seed);
  const clientConfig = { region: REGION, credentials: CREDENTIALS, ...config, ...shared, ...target } as never;
  const { client, command } = serviceClient(service, clientConfig);
  install(client);
  return {
    send: (tag) => {
      if (!tag) return client.send(command() as never);
      const tagged = command();
      tagged.middlewareStack.add(tagMiddleware(tag) as never, { step: "deserialize", priority: "low", name: "benchCallTag" });
      return client.send(tagged as never, { abortSignal: tag.abortSignal });
    },
    destroy: () => client.destroy(),
  };
}
