/**
 * Amazon Pinpoint `SendMessages` with retries: the emulator answers the first attempt with a 500, the
 * retry succeeds, and the hooks print what happened.
 *
 *   npx tsx --tsconfig examples/tsconfig.json examples/pinpoint-send-messages.ts
 *
 * With `ENDPOINT` set (e.g. `npx smithy-resilience-emulator --port 4566`), it sends there instead of to
 * an emulator of its own.
 */
import { PinpointClient, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import { createResilience } from "smithy-resilience";
import { startEmulator } from "smithy-resilience/testing";

async function main(): Promise<void> {
  const emulator = process.env.ENDPOINT
    ? undefined
    : await startEmulator({ faults: { scripts: [{ match: { operation: "SendMessages" }, steps: [500, "ok"] }] } });

  const r = createResilience({
    maxAttempts: 3,
    hooks: {
      onRetry: (e) => console.log(`retry: attempt ${e.attempt} failed with ${e.errorName} (${e.errorClass}), next in ${e.delayMs} ms`),
      onSuccess: (e) => console.log(`success: ${e.service}.${e.operation} after ${e.attempts} attempts`),
      onGiveUp: (e) => console.log(`give-up: ${e.reason} after ${e.attempts} attempts (${e.errorName})`),
    },
  });
  const client = new PinpointClient({
    region: "us-east-1",
    endpoint: process.env.ENDPOINT ?? emulator?.endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" }, // any static credentials suit the emulator
    retryStrategy: r.retryStrategy,
  });
  client.middlewareStack.use(r.plugin);

  try {
    const { MessageResponse } = await client.send(
      new SendMessagesCommand({
        ApplicationId: "my-app",
        MessageRequest: {
          Addresses: { "+15555550100": { ChannelType: "SMS" } },
          MessageConfiguration: { SMSMessage: { Body: "Your code is 123456", MessageType: "TRANSACTIONAL" } },
        },
      }),
    );
    console.log(`delivery: ${MessageResponse?.Result?.["+15555550100"]?.DeliveryStatus}`);
  } finally {
    client.destroy();
    await emulator?.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
