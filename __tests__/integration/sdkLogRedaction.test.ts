/**
 * The SDK's own log lines (its logger middleware: `info` with input and output per call, `error` with the
 * input and the thrown error) carry no phone number, email, body, substitution or voice text once the
 * plugin is installed, for every send of Pinpoint, SMS Voice v1 (old runtime line) and v2, on success and
 * on error, with and without `cacheMiddleware`, several calls per client. With `redactSdkLogs: false`
 * the same lines do show them, so the assertions can fail.
 *
 * Operations the emulator implements run against it (errors injected with messages that echo the
 * request, as real validation errors do); the others run through an in-memory handler.
 */
import { inspect } from "node:util";
import * as Pinpoint from "@aws-sdk/client-pinpoint";
import * as SmsVoice from "@aws-sdk/client-pinpoint-sms-voice";
import * as SmsVoiceV2 from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { createResilience } from "../../src";
import { startEmulator } from "../../src/testing";
import type { Emulator, EmulatorService } from "../../src/testing";
import { offlineClientConfig, scriptedHandler } from "../support/inMemoryHandler";
import type { Reply } from "../support/inMemoryHandler";

const PHONE = "+15555550123";
const SENDER_PHONE = "+447700900123";
const NATIONAL_PHONE = "5555550123";
const EMAIL = "jane.doe@example.com";
const BODY = "Your parcel zebra-7731 is ready";
const SUBJECT = "Subject quokka-5512";
const SUBSTITUTION = "Jane-substitution-8812";
const VOICE_TEXT = "Spoken pelican-4401 words";
const CONTEXT_VALUE = "context-heron-3391";
const MEDIA_URL = "https://media.example.com/walrus-6620.jpg";
const TEMPLATE_VARIABLE = "template-var-lynx-2205";
const RESOLVED_BODY = "Resolved body ibis-9043";
const CODE = "code-918273";

interface Case {
  service: EmulatorService;
  operation: string;
  command: () => unknown;
  /** Must never appear in a log line. */
  secrets: string[];
  /** Echoed by the service's error messages. */
  echo: string[];
  /** A success body for operations the emulator does not implement (the in-memory handler answers). */
  okBody?: unknown;
}

const CASES: Case[] = [
  {
    service: "Pinpoint",
    operation: "SendMessages",
    command: () =>
      new Pinpoint.SendMessagesCommand({
        ApplicationId: "app-1",
        MessageRequest: {
          Addresses: {
            [PHONE]: { ChannelType: "SMS", Substitutions: { name: [SUBSTITUTION] } },
            [EMAIL]: { ChannelType: "EMAIL", TitleOverride: SUBJECT },
          },
          Context: { note: CONTEXT_VALUE },
          MessageConfiguration: {
            SMSMessage: { Body: BODY, MessageType: "TRANSACTIONAL", OriginationNumber: SENDER_PHONE },
            EmailMessage: { SimpleEmail: { Subject: { Data: SUBJECT }, TextPart: { Data: BODY } } },
          },
        },
      }),
    secrets: [PHONE, SENDER_PHONE, EMAIL, BODY, SUBJECT, SUBSTITUTION, CONTEXT_VALUE],
    echo: [PHONE, BODY],
  },
  {
    service: "Pinpoint",
    operation: "SendUsersMessages",
    command: () =>
      new Pinpoint.SendUsersMessagesCommand({
        ApplicationId: "app-1",
        SendUsersMessageRequest: {
          Users: { "user-1": { BodyOverride: VOICE_TEXT, Substitutions: { name: [SUBSTITUTION] } } },
          Context: { note: CONTEXT_VALUE },
          MessageConfiguration: { SMSMessage: { Body: BODY, MessageType: "TRANSACTIONAL" } },
        },
      }),
    secrets: [BODY, VOICE_TEXT, SUBSTITUTION, CONTEXT_VALUE],
    echo: [BODY, SUBSTITUTION],
  },
  {
    service: "Pinpoint",
    operation: "SendOTPMessage",
    command: () =>
      new Pinpoint.SendOTPMessageCommand({
        ApplicationId: "app-1",
        SendOTPMessageRequestParameters: { BrandName: "Brand", Channel: "SMS", DestinationIdentity: PHONE, OriginationIdentity: SENDER_PHONE, ReferenceId: "ref-1" },
      }),
    secrets: [PHONE, SENDER_PHONE],
    echo: [PHONE],
  },
  {
    service: "Pinpoint",
    operation: "VerifyOTPMessage",
    command: () =>
      new Pinpoint.VerifyOTPMessageCommand({
        ApplicationId: "app-1",
        VerifyOTPMessageRequestParameters: { DestinationIdentity: PHONE, Otp: CODE, ReferenceId: "ref-1" },
      }),
    secrets: [PHONE, CODE],
    echo: [CODE],
    okBody: { Valid: true },
  },
  {
    service: "Pinpoint",
    operation: "PhoneNumberValidate",
    command: () => new Pinpoint.PhoneNumberValidateCommand({ NumberValidateRequest: { PhoneNumber: NATIONAL_PHONE, IsoCountryCode: "US" } }),
    secrets: [PHONE, NATIONAL_PHONE],
    echo: [NATIONAL_PHONE],
    okBody: { CleansedPhoneNumberE164: PHONE, CleansedPhoneNumberNational: NATIONAL_PHONE, OriginalPhoneNumber: NATIONAL_PHONE, PhoneType: "MOBILE", CountryCodeIso2: "US" },
  },
  {
    service: "Pinpoint",
    operation: "UpdateEndpoint",
    command: () =>
      new Pinpoint.UpdateEndpointCommand({
        ApplicationId: "app-1",
        EndpointId: "endpoint-1",
        EndpointRequest: { Address: EMAIL, ChannelType: "EMAIL", User: { UserId: "user-1", UserAttributes: { FirstName: [SUBSTITUTION] } } },
      }),
    secrets: [EMAIL, SUBSTITUTION],
    echo: [EMAIL],
    okBody: { Message: "Accepted", RequestID: "req-1" },
  },
  {
    service: "PinpointSMSVoice",
    operation: "SendVoiceMessage",
    command: () =>
      new SmsVoice.SendVoiceMessageCommand({
        CallerId: SENDER_PHONE,
        DestinationPhoneNumber: PHONE,
        OriginationPhoneNumber: SENDER_PHONE,
        Content: { PlainTextMessage: { Text: VOICE_TEXT, LanguageCode: "en-US", VoiceId: "Joanna" } },
      }),
    secrets: [PHONE, SENDER_PHONE, VOICE_TEXT],
    echo: [PHONE, VOICE_TEXT],
  },
  {
    service: "PinpointSMSVoiceV2",
    operation: "SendTextMessage",
    command: () =>
      new SmsVoiceV2.SendTextMessageCommand({ DestinationPhoneNumber: PHONE, OriginationIdentity: SENDER_PHONE, MessageBody: BODY, Context: { note: CONTEXT_VALUE } }),
    secrets: [PHONE, SENDER_PHONE, BODY, CONTEXT_VALUE],
    echo: [PHONE, BODY],
  },
  {
    service: "PinpointSMSVoiceV2",
    operation: "SendVoiceMessage",
    command: () =>
      new SmsVoiceV2.SendVoiceMessageCommand({ DestinationPhoneNumber: PHONE, OriginationIdentity: SENDER_PHONE, MessageBody: VOICE_TEXT, Context: { note: CONTEXT_VALUE } }),
    secrets: [PHONE, SENDER_PHONE, VOICE_TEXT, CONTEXT_VALUE],
    echo: [PHONE, VOICE_TEXT],
  },
  {
    service: "PinpointSMSVoiceV2",
    operation: "SendMediaMessage",
    command: () => new SmsVoiceV2.SendMediaMessageCommand({ DestinationPhoneNumber: PHONE, OriginationIdentity: SENDER_PHONE, MessageBody: BODY, MediaUrls: [MEDIA_URL] }),
    secrets: [PHONE, SENDER_PHONE, BODY, MEDIA_URL],
    echo: [MEDIA_URL, BODY],
    okBody: { MessageId: "msg-1" },
  },
  {
    service: "PinpointSMSVoiceV2",
    operation: "SendRcsMessage",
    command: () =>
      new SmsVoiceV2.SendRcsMessageCommand({
        DestinationPhoneNumber: PHONE,
        OriginationIdentity: SENDER_PHONE,
        RcsMessageContent: { Content: { TextMessage: { Body: BODY } } },
        FallbackConfiguration: { Channel: "SMS", MessageBody: VOICE_TEXT } as never,
      }),
    secrets: [PHONE, SENDER_PHONE, BODY, VOICE_TEXT],
    echo: [BODY],
    okBody: { MessageId: "msg-1" },
  },
  {
    service: "PinpointSMSVoiceV2",
    operation: "SendNotifyTextMessage",
    command: () => new SmsVoiceV2.SendNotifyTextMessageCommand({ NotifyConfigurationId: "nc-1", DestinationPhoneNumber: PHONE, TemplateVariables: { code: TEMPLATE_VARIABLE } }),
    secrets: [PHONE, TEMPLATE_VARIABLE, RESOLVED_BODY],
    echo: [TEMPLATE_VARIABLE],
    okBody: { MessageId: "msg-1", TemplateId: "t-1", ResolvedMessageBody: RESOLVED_BODY },
  },
  {
    service: "PinpointSMSVoiceV2",
    operation: "SendNotifyVoiceMessage",
    command: () => new SmsVoiceV2.SendNotifyVoiceMessageCommand({ NotifyConfigurationId: "nc-1", DestinationPhoneNumber: PHONE, TemplateVariables: { code: TEMPLATE_VARIABLE } }),
    secrets: [PHONE, TEMPLATE_VARIABLE, RESOLVED_BODY],
    echo: [TEMPLATE_VARIABLE],
    okBody: { MessageId: "msg-1", TemplateId: "t-1", ResolvedMessageBody: RESOLVED_BODY },
  },
  {
    service: "PinpointSMSVoiceV2",
    operation: "SendDestinationNumberVerificationCode",
    command: () =>
      new SmsVoiceV2.SendDestinationNumberVerificationCodeCommand({
        VerifiedDestinationNumberId: "vdn-1",
        VerificationChannel: "TEXT",
        OriginationIdentity: SENDER_PHONE,
        Context: { note: CONTEXT_VALUE },
      }),
    secrets: [SENDER_PHONE, CONTEXT_VALUE],
    echo: [CONTEXT_VALUE],
    okBody: { MessageId: "msg-1" },
  },
  {
    service: "PinpointSMSVoiceV2",
    operation: "VerifyDestinationNumber",
    command: () => new SmsVoiceV2.VerifyDestinationNumberCommand({ VerifiedDestinationNumberId: "vdn-1", VerificationCode: CODE }),
    secrets: [CODE, PHONE],
    echo: [CODE],
    okBody: { VerifiedDestinationNumberArn: "arn:aws:sms-voice:us-east-1:000000000000:verified-destination-number/vdn-1", VerifiedDestinationNumberId: "vdn-1", DestinationPhoneNumber: PHONE, Status: "VERIFIED", CreatedTimestamp: 1_700_000_000 },
  },
  {
    service: "PinpointSMSVoiceV2",
    operation: "CarrierLookup",
    command: () => new SmsVoiceV2.CarrierLookupCommand({ PhoneNumber: PHONE }),
    secrets: [PHONE],
    echo: [PHONE],
    okBody: { E164PhoneNumber: PHONE, PhoneNumberType: "MOBILE", Carrier: "Example Mobile" },
  },
];

const CLIENTS = {
  Pinpoint: (config: object) => new Pinpoint.PinpointClient(config as never),
  PinpointSMSVoice: (config: object) => new SmsVoice.PinpointSMSVoiceClient(config as never),
  PinpointSMSVoiceV2: (config: object) => new SmsVoiceV2.PinpointSMSVoiceV2Client(config as never),
};

/** The errors each service answers, by status. */
const ERROR_NAMES: Record<EmulatorService, Record<number, string>> = {
  Pinpoint: { 400: "BadRequestException", 500: "InternalServerErrorException" },
  PinpointSMSVoice: { 400: "BadRequestException", 500: "InternalServiceErrorException" },
  PinpointSMSVoiceV2: { 400: "ValidationException", 500: "InternalServerException" },
};

/** Every argument of every logger call, at every level. */
function capturingLogger() {
  const calls: Array<{ level: string; args: unknown[] }> = [];
  const at = (level: string) => (...args: unknown[]) => void calls.push({ level, args });
  return { calls, logger: { trace: at("trace"), debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") } };
}

/** What a logger would print: `console` (util.inspect) and a JSON logger (errors with message and stack). */
function printed(calls: Array<{ args: unknown[] }>): string {
  const asJson = (_key: string, value: unknown) =>
    value instanceof Error ? { ...value, name: value.name, message: value.message, stack: value.stack } : typeof value === "bigint" ? String(value) : value;
  return calls.map(({ args }) => `${inspect(args, { depth: null, breakLength: Infinity })}\n${JSON.stringify(args, asJson)}`).join("\n");
}

const echoMessage = (c: Case) => `1 validation error detected: ${c.echo.map((s) => `Value '${s}'`).join(" and ")} failed to satisfy constraint`;
const SEQUENCE = ["ok", "ok", 400, 500, 500] as const;

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 3 });
});
afterAll(() => emulator.close());

/**
 * One client, four calls: two successes, a 400 (not retried) and a 500 (retried once, then given up),
 * every error message echoing the request. Returns what the logger was given.
 */
async function fourCalls(c: Case, options: { cacheMiddleware: boolean; redactSdkLogs: boolean }) {
  const { calls, logger } = capturingLogger();
  const r = createResilience({ maxAttempts: 2, clock: { random: () => 0 }, rateLimiter: false, circuitBreaker: false, debug: true, redactSdkLogs: options.redactSdkLogs });
  const emulated = c.okBody === undefined;
  const message = echoMessage(c);
  const replies = SEQUENCE.map((step): Reply =>
    step === "ok"
      ? { status: 200, headers: { "content-type": "application/json", "x-amzn-requestid": "req-ok" }, body: JSON.stringify(c.okBody) }
      : { status: step, headers: { "content-type": "application/json", "x-amzn-errortype": ERROR_NAMES[c.service][step], "x-amzn-requestid": `req-${step}` }, body: JSON.stringify({ Message: message }) },
  );
  if (emulated) {
    emulator.resetStats();
    emulator.setFaults({
      scripts: [{ match: { service: c.service, operation: c.operation }, steps: SEQUENCE.map((step) => (step === "ok" ? "ok" : { status: step, message })) }],
    });
  }
  const client = CLIENTS[c.service]({
    ...offlineClientConfig,
    ...(emulated ? { endpoint: emulator.endpoint, requestHandler: { requestTimeout: 0, connectionTimeout: 0 } } : { requestHandler: scriptedHandler(replies) }),
    logger,
    cacheMiddleware: options.cacheMiddleware,
    retryStrategy: r.retryStrategy,
  });
  client.middlewareStack.use(r.plugin as never);
  const outcomes: string[] = [];
  for (let call = 0; call < 4; call++) {
    const command = c.command() as { input: unknown };
    const before = structuredClone(command.input);
    outcomes.push(await (client as { send(command: unknown): Promise<unknown> }).send(command).then(() => "ok", (error: Error) => error.name));
    expect(command.input).toEqual(before); // the filters never change the caller's input
  }
  client.destroy();
  // The calls went through the emulator: two successes, the 400, the 500 (and its retry, which a client
  // with cacheMiddleware does not make today: the plugin's call state is shared by the cached context).
  if (emulated) expect(emulator.stats().byOperation[`${c.service}.${c.operation}`]?.requests).toBeGreaterThanOrEqual(4);
  return { calls, outcomes };
}

describe.each([
  ["cacheMiddleware off", false],
  ["cacheMiddleware on", true],
])("%s", (_label, cacheMiddleware) => {
  test.each(CASES.map((c) => [`${c.service}.${c.operation}`, c] as const))("%s: no secret in any SDK log line", async (_name, c) => {
    const { calls, outcomes } = await fourCalls(c, { cacheMiddleware, redactSdkLogs: true });
    expect(outcomes).toEqual(["ok", "ok", ERROR_NAMES[c.service][400], ERROR_NAMES[c.service][500]]);
    // The SDK's logger middleware wrote its lines: two successes, two failures.
    expect(calls.filter((x) => x.level === "info" && (x.args[0] as { commandName?: string }).commandName === `${c.operation}Command`)).toHaveLength(2);
    expect(calls.filter((x) => x.level === "error")).toHaveLength(2);
    const text = printed(calls);
    for (const secret of c.secrets) expect([secret, text.includes(secret)]).toEqual([secret, false]);
    expect(text).toContain("***SensitiveInformation***");
  });
});

test.each(CASES.map((c) => [`${c.service}.${c.operation}`, c] as const))("%s with redactSdkLogs: false: the secrets are in the lines", async (_name, c) => {
  const { calls } = await fourCalls(c, { cacheMiddleware: false, redactSdkLogs: false });
  const text = printed(calls);
  for (const secret of c.secrets) expect([secret, text.includes(secret)]).toEqual([secret, true]);
  expect(text).not.toContain("***SensitiveInformation***");
});

test("every send operation of the three clients is covered", () => {
  const sends = [
    ...Object.keys(Pinpoint).map((name) => `Pinpoint.${name}`),
    ...Object.keys(SmsVoice).map((name) => `PinpointSMSVoice.${name}`),
    ...Object.keys(SmsVoiceV2).map((name) => `PinpointSMSVoiceV2.${name}`),
  ]
    .filter((name) => /\.Send\w*Command$/.test(name))
    .map((name) => name.replace(/Command$/, ""));
  const covered = new Set(CASES.map((c) => `${c.service}.${c.operation}`));
  expect(sends.filter((send) => !covered.has(send))).toEqual([]);
});

test("a client without a logger (the SDK's NoOpLogger) sends as before: no filter is swapped", async () => {
  const r = createResilience({ rateLimiter: false });
  const client = new SmsVoiceV2.PinpointSMSVoiceV2Client({ ...offlineClientConfig, endpoint: emulator.endpoint });
  client.middlewareStack.use(r.plugin as never);
  const seen: Array<(value: unknown) => unknown> = [];
  client.middlewareStack.add(((next: (args: unknown) => unknown, context: { inputFilterSensitiveLog: (value: unknown) => unknown }) => (args: unknown) => {
    seen.push(context.inputFilterSensitiveLog);
    return next(args);
  }) as never, { step: "initialize", name: "filterSpy" });
  emulator.setFaults({});
  await client.send(new SmsVoiceV2.SendTextMessageCommand({ DestinationPhoneNumber: PHONE, MessageBody: BODY }));
  expect(seen[0]({ MessageBody: BODY })).toEqual({ MessageBody: BODY });
  client.destroy();
});
