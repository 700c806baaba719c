/**
 * SMS Voice v2 `SendTextMessage` with retries: the emulator resets the connection of the first attempt
 * (the SDK reports a `TimeoutError` with code ECONNRESET), the retry succeeds.
 *
 *   npx tsx --tsconfig examples/tsconfig.json examples/sms-voice-v2.ts
 *
 * With `ENDPOINT` set, it sends there instead of to an emulator of its own.
 */
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { createResilience } from "smithy-resilience";
import { startEmulator } from "smithy-resilience/testing";

async function main(): Promise<void> {
  const emulator = process.env.ENDPOINT
    ? undefined
    : await startEmulator({ faults: { scripts: [{ match: { operation: "SendTextMessage" }, steps: [{ reset: true }, "ok"] }] } });

  const r = createResilience({
    hooks: {
      onRetry: (e) => console.log(`retry: attempt ${e.attempt} failed with ${e.errorName} (${e.errorClass}), next in ${e.delayMs} ms`),
      onSuccess: (e) => console.log(`success: ${e.service}.${e.operation} after ${e.attempts} attempts`),
      onGiveUp: (e) => console.log(`give-up: ${e.reason} after ${e.attempts} attempts (${e.errorName})`),
    },
  });
  const client = new PinpointSMSVoiceV2Client({
    region: "us-east-1",
    endpoint: process.env.ENDPOINT ?? emulator?.endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" }, // any static credentials suit the emulator
    retryStrategy: r.retryStrategy,
  });
  client.middlewareStack.use(r.plugin);

  try {
    const { MessageId } = await client.send(
      new SendTextMessageCommand({
        DestinationPhoneNumber: "+15555550100",
        OriginationIdentity: "+15555550199",
        MessageBody: "Your code is 123456",
        MessageType: "TRANSACTIONAL",
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
