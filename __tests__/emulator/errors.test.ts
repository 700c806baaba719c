import { request } from "node:http";
import * as PinpointSdk from "@aws-sdk/client-pinpoint";
import * as SmsVoiceSdk from "@aws-sdk/client-pinpoint-sms-voice";
import * as SmsVoiceV2Sdk from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { startEmulator, type Emulator, type FaultResponse } from "../../src/testing";
import { clientConfig, failure, sendMessages } from "./helpers";

let emulator: Emulator;
let pinpoint: PinpointSdk.PinpointClient;
let smsVoice: SmsVoiceSdk.PinpointSMSVoiceClient;
let smsVoiceV2: SmsVoiceV2Sdk.PinpointSMSVoiceV2Client;

beforeAll(async () => {
  emulator = await startEmulator();
  pinpoint = new PinpointSdk.PinpointClient(clientConfig(emulator));
  // The Smithy 2.x handler leaves its socket-usage timer (requestTimeout + connectionTimeout, default 3 s)
  // running after a network error, which would keep Jest alive after the reset test. Zero timeouts are the
  // handler's defaults (no timeout) but make that timer fire at once.
  smsVoice = new SmsVoiceSdk.PinpointSMSVoiceClient({
    ...clientConfig(emulator),
    requestHandler: { requestTimeout: 0, connectionTimeout: 0 },
  });
  smsVoiceV2 = new SmsVoiceV2Sdk.PinpointSMSVoiceV2Client(clientConfig(emulator));
});

afterAll(async () => {
  pinpoint.destroy();
  smsVoice.destroy();
  smsVoiceV2.destroy();
  await emulator.close();
});

/** One call per client, each answered by the given fault. */
const services = {
  Pinpoint: { sdk: PinpointSdk, call: () => sendMessages(pinpoint) },
  PinpointSMSVoice: {
    sdk: SmsVoiceSdk,
    call: () =>
      smsVoice.send(
        new SmsVoiceSdk.SendVoiceMessageCommand({
          DestinationPhoneNumber: "+15550100",
          Content: { PlainTextMessage: { Text: "hi" } },
        }),
      ),
  },
  PinpointSMSVoiceV2: {
    sdk: SmsVoiceV2Sdk,
    call: () => smsVoiceV2.send(new SmsVoiceV2Sdk.SendTextMessageCommand({ DestinationPhoneNumber: "+15550100" })),
  },
};
type ServiceName = keyof typeof services;

function failWith(service: ServiceName, fault: FaultResponse | number) {
  emulator.setFaults({ scripts: [{ steps: [fault] }] });
  return failure(services[service].call());
}

const nativeErrors: Array<[ServiceName, number, string]> = [
  ["Pinpoint", 400, "BadRequestException"],
  ["Pinpoint", 403, "ForbiddenException"],
  ["Pinpoint", 404, "NotFoundException"],
  ["Pinpoint", 405, "MethodNotAllowedException"],
  ["Pinpoint", 409, "ConflictException"],
  ["Pinpoint", 413, "PayloadTooLargeException"],
  ["Pinpoint", 429, "TooManyRequestsException"],
  ["Pinpoint", 500, "InternalServerErrorException"],
  ["PinpointSMSVoice", 400, "BadRequestException"],
  ["PinpointSMSVoice", 404, "NotFoundException"],
  ["PinpointSMSVoice", 409, "AlreadyExistsException"],
  ["PinpointSMSVoice", 412, "LimitExceededException"],
  ["PinpointSMSVoice", 429, "TooManyRequestsException"],
  ["PinpointSMSVoice", 500, "InternalServiceErrorException"],
  ["PinpointSMSVoiceV2", 400, "ValidationException"],
  ["PinpointSMSVoiceV2", 402, "ServiceQuotaExceededException"],
  ["PinpointSMSVoiceV2", 403, "AccessDeniedException"],
  ["PinpointSMSVoiceV2", 404, "ResourceNotFoundException"],
  ["PinpointSMSVoiceV2", 409, "ConflictException"],
  ["PinpointSMSVoiceV2", 429, "ThrottlingException"],
  ["PinpointSMSVoiceV2", 500, "InternalServerException"],
];

test.each(nativeErrors)("%s %i deserializes as the modeled %s", async (service, status, name) => {
  const error = await failWith(service, { status, message: "injected" });

  const modeledClass = (services[service].sdk as unknown as Record<string, new (...args: never[]) => Error>)[name];
  expect(error).toBeInstanceOf(modeledClass);
  expect(error.name).toBe(name);
  expect(error.message).toBe("injected");
  expect(error.$metadata.httpStatusCode).toBe(status);
  expect(error.$metadata.requestId).toMatch(/^emu-\d{6}$/);
  expect(error.$response?.headers["x-amzn-errortype"]).toBe(name);
});

test("Pinpoint errors carry RequestID in the body", async () => {
  const error = await failWith("Pinpoint", 500);

  expect((error as PinpointSdk.InternalServerErrorException).RequestID).toBe(error.$metadata.requestId);
});

test("SMS Voice v2 marks ThrottlingException and InternalServerException retryable", async () => {
  const throttling = await failWith("PinpointSMSVoiceV2", 429);
  const internal = await failWith("PinpointSMSVoiceV2", 500);

  expect(throttling.$retryable).toEqual({ throttling: true });
  expect(internal.$retryable).toEqual({});
});

test("errorName overrides the native name", async () => {
  const error = await failWith("Pinpoint", { status: 500, errorName: "TooManyRequestsException" });

  expect(error).toBeInstanceOf(PinpointSdk.TooManyRequestsException);
  expect(error.$metadata.httpStatusCode).toBe(500);
});

test.each(Object.keys(services) as ServiceName[])(
  "%s: a 503 without a native name is the service's base exception",
  async (service) => {
    const error = await failWith(service, 503);

    expect(error.name).toBe("ServiceUnavailable");
    expect(error.$response?.statusCode).toBe(503);
  },
);

test.each(Object.keys(services) as ServiceName[])("%s: Retry-After and x-amz-retry-after are visible", async (service) => {
  const seconds = await failWith(service, { status: 429, retryAfter: "2", amzRetryAfterMs: 1500 });
  const date = await failWith(service, { status: 503, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT" });

  expect(seconds.$response?.headers["retry-after"]).toBe("2");
  expect(seconds.$response?.headers["x-amz-retry-after"]).toBe("1500");
  expect(date.$response?.headers["retry-after"]).toBe("Wed, 21 Oct 2015 07:28:00 GMT");
});

test.each(Object.keys(services) as ServiceName[])("%s: an HTML 503 arrives as a 503 response", async (service) => {
  const error = await failWith(service, { html: true });

  // The old v1 client loses the status from $metadata on this path; $response keeps it on every client.
  expect(error.$response?.statusCode).toBe(503);
  expect(error.$response?.headers["content-type"]).toBe("text/html");
  expect(error.$response?.headers["x-amzn-errortype"]).toBeUndefined();
});

test.each(Object.keys(services) as ServiceName[])("%s: a reset is a network error", async (service) => {
  emulator.resetStats();
  const error = await failWith(service, { reset: true });

  // Outside Jest the SDK rethrows Node's error (code ECONNRESET, name TimeoutError). Under Jest, Node's
  // errors come from another realm, fail the retry middleware's `instanceof Error` and reach the caller
  // wrapped as "AWS SDK error wrapper for TimeoutError: socket hang up", without `code`.
  expect(error.message).toMatch(/socket hang up/);
  expect(error.$metadata.httpStatusCode).toBeUndefined();
  expect(error.$response).toBeUndefined();
  expect(emulator.requests().map((r) => r.status)).toEqual(["reset"]);
  expect(Object.values(emulator.stats().byOperation)[0]).toMatchObject({ requests: 1, resets: 1, byStatus: {} });
});

test("a reset destroys the socket without a response (ECONNRESET)", async () => {
  emulator.setFaults({ scripts: [{ steps: [{ reset: true }] }] });
  const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
    const req = request(`${emulator.endpoint}/v1/apps/app-1/messages`, { method: "POST" }, () =>
      reject(new Error("expected no response")),
    );
    req.on("error", resolve);
    req.end("{}");
  });

  expect(error.code).toBe("ECONNRESET");
});
