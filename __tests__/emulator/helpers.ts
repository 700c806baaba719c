/** Shared setup of the emulator tests: client configuration and error capture. */

import { PinpointClient, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import type { Emulator } from "../../src/testing";

/** What the tests read from an error thrown by an SDK client. */
export interface CaughtError extends Error {
  code?: string;
  $fault?: string;
  $retryable?: { throttling?: boolean };
  $metadata: { httpStatusCode?: number; requestId?: string };
  $response?: { statusCode: number; headers: Record<string, string> };
}

/** A client configuration pointing at the emulator; `maxAttempts: 1` so the SDK does not retry. */
export function clientConfig(emulator: Emulator) {
  return {
    endpoint: emulator.endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
  };
}

/** The error a call rejects with; fails the test if the call succeeds. */
export async function failure(call: Promise<unknown>): Promise<CaughtError> {
  try {
    await call;
  } catch (error) {
    return error as CaughtError;
  }
  throw new Error("expected the call to fail");
}

/** Sends an SMS to each address through SendMessages. */
export function sendMessages(client: PinpointClient, addresses: string[] = ["+15550100"]) {
  return client.send(
    new SendMessagesCommand({
      ApplicationId: "app-1",
      MessageRequest: {
        Addresses: Object.fromEntries(addresses.map((address) => [address, { ChannelType: "SMS" }])),
        MessageConfiguration: { SMSMessage: { Body: "hello" } },
      },
    }),
  );
}

/** The HTTP status of a SendMessages call: 200, the error status, or "reset". */
export async function statusOf(client: PinpointClient): Promise<number | "reset"> {
  try {
    return (await sendMessages(client)).$metadata.httpStatusCode ?? 0;
  } catch (error) {
    const caught = error as CaughtError;
    return caught.$metadata.httpStatusCode ?? "reset";
  }
}
