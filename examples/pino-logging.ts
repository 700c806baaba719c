/**
 * Debug lines through pino: a pino logger is the client's `logger`, `debug: true` turns the library's
 * lines on, and pino's level "debug" lets them through. The emulator answers the first attempt of
 * Pinpoint `SendMessages` with a 500; the debug lines tell the failure, the retry and the success.
 *
 *   npx tsx --tsconfig examples/tsconfig.json examples/pino-logging.ts
 *
 * With `ENDPOINT` set, it sends there instead of to an emulator of its own.
 */
import { PinpointClient, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import pino from "pino";
import { createResilience } from "smithy-resilience";
import { startEmulator } from "smithy-resilience/testing";

async function main(): Promise<void> {
  const emulator = process.env.ENDPOINT
    ? undefined
    : await startEmulator({ faults: { scripts: [{ match: { operation: "SendMessages" }, steps: [500, "ok"] }] } });

  // At debug the SDK logs its configuration lookups too, and at info it logs every command's input and
  // output: phone numbers and message text. The library's own lines never hold them; redact the SDK's.
  const logger = pino({ level: "debug", redact: { paths: ["input", "output"], remove: true } });
  const r = createResilience({ debug: true });
  const client = new PinpointClient({
    region: "us-east-1",
    endpoint: process.env.ENDPOINT ?? emulator?.endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" }, // any static credentials suit the emulator
    retryStrategy: r.retryStrategy,
    logger,
  });
  client.middlewareStack.use(r.plugin);

  try {
    await client.send(
      new SendMessagesCommand({
        ApplicationId: "my-app",
        MessageRequest: {
          Addresses: { "+15555550100": { ChannelType: "SMS" } },
          MessageConfiguration: { SMSMessage: { Body: "Your code is 123456", MessageType: "TRANSACTIONAL" } },
        },
      }),
    );
  } finally {
    client.destroy();
    await emulator?.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
