/**
 * Debug lines through pino: a pino logger is the client's `logger`, `debug: true` turns the library's
 * lines on, and pino's level "debug" lets them through. With `logFields: "first"` on the logger, each of
 * the library's lines also carries its facts as an object under `smithyResilience` (event, service,
 * operation, attempt, error name and class, HTTP status, request id, ...), in pino's argument order,
 * so they land as JSON fields. The emulator answers the first attempt of Pinpoint `SendMessages` with a
 * 500; the debug lines tell the failure, the retry and the success.
 *
 * No pino `redact` is needed: at level info the SDK logs every command's input and output (phone numbers,
 * message text), and with the plugin installed the library redacts those lines itself (`redactSdkLogs`,
 * default true): sensitive values become "***SensitiveInformation***". Its own lines never hold them.
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

  // `logFields` is read from the logger object: "first" is pino's order, `debug(fields, message)`.
  const logger = Object.assign(pino({ level: "debug" }), { logFields: "first" as const });
  const r = createResilience({ debug: true });
  const client = new PinpointClient({
    region: "us-east-1",
    endpoint: process.env.ENDPOINT ?? emulator?.endpoint,
    credentials: { accessKeyId: "test", secretAccessKey: "test" }, // any static credentials suit the emulator
    retryStrategy: r.retryStrategy,
    logger,
  });
  // The plugin also installs the redaction of the SDK's own log lines.
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
