/**
 * The retry stacks compared side by side, and the clients built with each, the way a user would build them.
 */
import { PinpointClient, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import { PinpointSMSVoiceClient, SendVoiceMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice";
import { createResilience } from "../src";
import { createSeededRandom } from "../src/testing";

/** Identifiers of the compared stacks, in table order. */
export const VARIANT_IDS = ["sdk-standard", "sdk-adaptive", "smithy-resilience", "smithy-resilience-no-limiter"] as const;
export type VariantId = (typeof VARIANT_IDS)[number];

/** Column headers of the table. */
export const VARIANT_LABELS: Readonly<Record<VariantId, string>> = {
  "sdk-standard": "SDK standard",
  "sdk-adaptive": "SDK adaptive",
  "smithy-resilience": "smithy-resilience",
  "smithy-resilience-no-limiter": "smithy-resilience, no limiter",
};

/** The variant ratios are taken against. */
export const BASELINE: VariantId = "sdk-standard";

/** The services the scenarios send to, by their canonical send operation. */
export type BenchService = "Pinpoint" | "PinpointSMSVoice";

/** Where requests go: the emulator's endpoint, or an in-memory `requestHandler`. */
export type Target = { endpoint: string } | { requestHandler: unknown };

/** A client of one variant that sends the service's canonical message, one call per `send()`. */
export interface BenchClient {
  send(): Promise<unknown>;
  /** Releases sockets. */
  destroy(): void;
}

const REGION = "us-east-1";
const CREDENTIALS = { accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" };
const PHONE = "+15555550100";

interface StackOwner {
  middlewareStack: { use(plugin: never): void };
}

/** Client config and stack additions for one variant; `seed` seeds the library's jitter. */
function wiring(variant: VariantId, seed: number) {
  switch (variant) {
    case "sdk-standard":
      return { config: { retryMode: "standard" }, install: () => undefined };
    case "sdk-adaptive":
      return { config: { retryMode: "adaptive" }, install: () => undefined };
    case "smithy-resilience":
    case "smithy-resilience-no-limiter": {
      const resilience = createResilience({
        clock: { random: createSeededRandom(seed) },
        ...(variant === "smithy-resilience-no-limiter" ? { rateLimiter: false } : {}),
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

/** Builds a client of `variant` for `service`, sending to `target`, with `shared` options on top of the variant's. */
export function createBenchClient(variant: VariantId, service: BenchService, target: Target, seed: number, shared: SharedClientOptions = {}): BenchClient {
  const { config, install } = wiring(variant, seed);
  const clientConfig = { region: REGION, credentials: CREDENTIALS, ...config, ...shared, ...target } as never;
  if (service === "Pinpoint") {
    const client = new PinpointClient(clientConfig);
    install(client as never);
    return {
      send: () =>
        client.send(
          new SendMessagesCommand({
            ApplicationId: "bench-app",
            MessageRequest: {
              Addresses: { [PHONE]: { ChannelType: "SMS" } },
              MessageConfiguration: { SMSMessage: { Body: "bench", MessageType: "TRANSACTIONAL" } },
            },
          }),
        ),
      destroy: () => client.destroy(),
    };
  }
  const client = new PinpointSMSVoiceClient(clientConfig);
  install(client as never);
  return {
    send: () =>
      client.send(
        new SendVoiceMessageCommand({
          DestinationPhoneNumber: PHONE,
          OriginationPhoneNumber: "+15555550199",
          Content: { PlainTextMessage: { Text: "bench", LanguageCode: "en-US", VoiceId: "Joanna" } },
        }),
      ),
    destroy: () => client.destroy(),
  };
}
