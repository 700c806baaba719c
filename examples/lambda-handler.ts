/**
 * An AWS Lambda handler that sends an SMS through SMS Voice v2. The client and its resilience instance
 * are created once per execution environment, outside the handler, so warm invocations reuse its
 * connections, retry budget, circuit breaker and rate limiter.
 *
 * Run directly, it invokes the handler twice against the emulator at `ENDPOINT`, e.g. one that fails
 * 30% of requests with a 500 (the test of the examples scripts one 500, then successes):
 *
 *   npx smithy-resilience-emulator --port 4566 --fault 500:0.3 &   # in this repository: npx tsx src/bin/emulator.ts
 *   ENDPOINT=http://127.0.0.1:4566 npx tsx --tsconfig examples/tsconfig.json examples/lambda-handler.ts
 *
 * On Lambda, `ENDPOINT` is unset: the client uses the service's endpoint and the function's role.
 */
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { createResilience } from "smithy-resilience";

const r = createResilience({
  deadlineMs: 10_000, // no retry that would end after 10 s: stay well inside the function's timeout
  hooks: {
    onRetry: (e) => console.log(`retry: attempt ${e.attempt} failed with ${e.errorName} (${e.errorClass}), next in ${e.delayMs} ms`),
    onSuccess: (e) => console.log(`success: ${e.service}.${e.operation} after ${e.attempts} attempts`),
    onGiveUp: (e) => console.log(`give-up: ${e.reason} after ${e.attempts} attempts (${e.errorName})`),
  },
});
const sms = new PinpointSMSVoiceV2Client({
  retryStrategy: r.retryStrategy,
  ...(process.env.ENDPOINT
    ? { endpoint: process.env.ENDPOINT, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } }
    : {}),
});
sms.middlewareStack.use(r.plugin);

/** The event this function expects. */
export interface SendSmsEvent {
  phoneNumber: string;
  text: string;
}

export async function handler(event: SendSmsEvent): Promise<{ messageId: string | undefined }> {
  const { MessageId } = await sms.send(
    new SendTextMessageCommand({ DestinationPhoneNumber: event.phoneNumber, MessageBody: event.text, MessageType: "TRANSACTIONAL" }),
  );
  return { messageId: MessageId };
}

// Run directly (not loaded by the Lambda runtime): two invocations, as two warm requests would be.
if (require.main === module) {
  if (!process.env.ENDPOINT) {
    console.error("Set ENDPOINT to an emulator's URL, e.g. ENDPOINT=http://127.0.0.1:4566");
    process.exit(2);
  }
  (async () => {
    for (const text of ["Your code is 123456", "Your code is 654321"]) {
      console.log(`handler returned: ${JSON.stringify(await handler({ phoneNumber: "+15555550100", text }))}`);
    }
  })().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
