/**
 * Pinpoint SMS Voice v1 `SendVoiceMessage` (the client frozen at 3.523) with retries: the emulator
 * throttles the first attempt with a 429 and an `x-amz-retry-after` hint of 300 ms, which sets a lower
 * bound on the backoff; the retry succeeds.
 *
 *   npx tsx --tsconfig examples/tsconfig.json examples/sms-voice-v1.ts
 *
 * With `ENDPOINT` set, it sends there instead of to an emulator of its own.
 */
import { PinpointSMSVoiceClient, SendVoiceMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice";
import { createResilience } from "smithy-resilience";
import { startEmulator } from "smithy-resilience/testing";

async function main(): Promise<void> {
  const emulator = process.env.ENDPOINT
    ? undefined
    : await startEmulator({
        faults: { scripts: [{ match: { operation: "SendVoiceMessage" }, steps: [{ status: 429, amzRetryAfterMs: 300 }, "ok"] }] },
      });

  const r = createResilience({
    hooks: {
      onRetry: (e) => console.log(`retry: attempt ${e.attempt} failed with ${e.errorName} (${e.errorClass}), next in ${e.delayMs} ms`),
      onSuccess: (e) => console.log(`success: ${e.service}.${e.operation} after ${e.attempts} attempts`),
      onGiveUp: (e) => console.log(`give-up: ${e.reason} after ${e.attempts} attempts (${e.errorName})`),
    },
  });
  const client = new PinpointSMSVoiceClient({
    region: "us-east-1",
    endpoint: process.env.ENDPOINT ?? emulator?.endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" }, // any static credentials suit the emulator
    retryStrategy: r.retryStrategy,
  });
  client.middlewareStack.use(r.plugin);

  try {
    const { MessageId } = await client.send(
      new SendVoiceMessageCommand({
        OriginationPhoneNumber: "+15555550199",
        DestinationPhoneNumber: "+15555550100",
        Content: { PlainTextMessage: { Text: "Your code is 1 2 3 4 5 6", LanguageCode: "en-US", VoiceId: "Joanna" } },
      }),
    );
    console.log(`message id: ${MessageId}`);
  } finally {
    client.destroy();
    await emulator?.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
