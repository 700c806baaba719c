/**
 * The redaction rules against the clients' own models, and the redactor, safety net and context
 * wrapping on their own. The end-to-end log lines are in sdkLogRedaction.test.ts.
 */
import * as Pinpoint from "@aws-sdk/client-pinpoint";
import * as SmsVoice from "@aws-sdk/client-pinpoint-sms-voice";
import * as SmsVoiceV2 from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { NormalizedSchema } from "@smithy/core/schema";
import { readFileSync } from "node:fs";
import { pinpointRedaction } from "../../src/sdkLogs/pinpointRedaction";
import { pinpointSmsVoiceRedaction } from "../../src/sdkLogs/pinpointSmsVoiceRedaction";
import { pinpointSmsVoiceV2Redaction } from "../../src/sdkLogs/pinpointSmsVoiceV2Redaction";
import { redactLogFilters } from "../../src/sdkLogs/redactLogFilters";
import { SENSITIVE_MARKER } from "../../src/sdkLogs/redactionRules";
import type { ServiceRedaction } from "../../src/sdkLogs/redactionRules";
import { createRedactor } from "../../src/sdkLogs/redactor";
import { redactAddresses } from "../../src/sdkLogs/safetyNet";
import { scrubbedErrorView } from "../../src/sdkLogs/errorView";

/** Every member name at any depth of a schema. */
function memberNames(schema: unknown, into = new Set<string>(), seen = new Set<string>()): Set<string> {
  const ns = NormalizedSchema.of(schema as never);
  if (ns.isStructSchema()) {
    if (seen.has(ns.getName() ?? "")) return into;
    seen.add(ns.getName() ?? "");
    for (const [name, member] of ns.structIterator()) {
      into.add(name);
      memberNames(member, into, seen);
    }
  } else if (ns.isListSchema() || ns.isMapSchema()) {
    memberNames(ns.getValueSchema(), into, seen);
  }
  return into;
}

type CommandClass = new (input: never) => { schema?: unknown };
const commandsOf = (module: object) =>
  Object.entries(module).filter(([name, value]) => name.endsWith("Command") && typeof value === "function") as Array<[string, CommandClass]>;

describe.each([
  ["Pinpoint", Pinpoint, pinpointRedaction],
  ["PinpointSMSVoiceV2", SmsVoiceV2, pinpointSmsVoiceV2Redaction],
] as const)("%s rules match the client's model", (_service, module, redaction: ServiceRedaction) => {
  const commands = new Map(commandsOf(module).map(([name, Command]) => [name.replace(/Command$/, ""), Command]));

  test("every Send* operation has rules", () => {
    const sends = [...commands.keys()].filter((operation) => operation.startsWith("Send"));
    expect(sends.length).toBeGreaterThan(2);
    for (const operation of sends) expect([operation, Object.hasOwn(redaction.operations, operation)]).toEqual([operation, true]);
  });

  test.each(Object.entries(redaction.operations))("%s: every member named exists in its input or output", (operation, rules) => {
    const Command = commands.get(operation);
    expect(Command).toBeDefined();
    const schema = new Command!({} as never).schema as unknown[] & { input?: unknown; output?: unknown };
    const input = memberNames(schema[4] ?? schema.input);
    const output = memberNames(schema[5] ?? schema.output);
    for (const name of [...(rules.input?.values ?? []), ...(rules.input?.addressKeys ?? [])]) expect([operation, "input", name, input.has(name)]).toEqual([operation, "input", name, true]);
    for (const name of [...(rules.output?.values ?? []), ...(rules.output?.addressKeys ?? [])]) expect([operation, "output", name, output.has(name)]).toEqual([operation, "output", name, true]);
  });
});

test("SMS Voice v1 (3.523, no schemas): the rules' members are in SendVoiceMessageRequest and it is the only send", () => {
  const models = readFileSync(require.resolve("@aws-sdk/client-pinpoint-sms-voice/dist-types/models/models_0.d.ts"), "utf8");
  const request = /export interface SendVoiceMessageRequest \{([\s\S]*?)\n\}/.exec(models)?.[1] ?? "";
  for (const name of pinpointSmsVoiceRedaction.operations.SendVoiceMessage.input?.values ?? []) expect(request).toMatch(new RegExp(`\\b${name}\\?:`));
  const sends = Object.keys(SmsVoice).filter((name) => /^Send.*Command$/.test(name));
  expect(sends).toEqual(["SendVoiceMessageCommand"]);
});

describe("redactor", () => {
  const redact = createRedactor({ values: ["Body", "Content"], addressKeys: ["Addresses"] });

  test("replaces named members at any depth, numbers address keys, keeps the rest, and never changes the value", () => {
    const input = {
      ApplicationId: "app-1",
      MessageRequest: {
        Addresses: { "+15555550123": { ChannelType: "SMS" }, "jane@example.com": { ChannelType: "EMAIL" } },
        MessageConfiguration: { SMSMessage: { Body: "secret", MessageType: "TRANSACTIONAL" } },
      },
      Content: { PlainTextMessage: { Text: "spoken" } },
      When: new Date(0),
      Bytes: new Uint8Array([1, 2]),
    };
    const before = structuredClone(input);
    const secrets: string[] = [];
    expect(redact(input, secrets)).toEqual({
      ApplicationId: "app-1",
      MessageRequest: {
        Addresses: { [`${SENSITIVE_MARKER}#1`]: { ChannelType: "SMS" }, [`${SENSITIVE_MARKER}#2`]: { ChannelType: "EMAIL" } },
        MessageConfiguration: { SMSMessage: { Body: SENSITIVE_MARKER, MessageType: "TRANSACTIONAL" } },
      },
      Content: SENSITIVE_MARKER,
      When: new Date(0),
      Bytes: new Uint8Array([1, 2]),
    });
    expect(input).toEqual(before);
    expect(secrets.sort()).toEqual(["+15555550123", "jane@example.com", "secret", "spoken"].sort());
  });

  test("the safety net takes strings and keys shaped like addresses anywhere, one numbered marker per key", () => {
    const out = redact({ Users: { "jane@example.com": { Note: "call +44 7700 900123 today" }, "bob@example.com": {}, plain: "ok" } });
    expect(out).toEqual({
      Users: { [`${SENSITIVE_MARKER}#1`]: { Note: `call ${SENSITIVE_MARKER} today` }, [`${SENSITIVE_MARKER}#2`]: {}, plain: "ok" },
    });
  });

  test("a __proto__ key stays a key; a cyclic value stops at the depth limit", () => {
    const withProto = JSON.parse('{"__proto__": {"Body": "x"}}') as object;
    const out = redact(withProto) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => JSON.stringify(redact(cyclic))).not.toThrow();
  });
});

describe("safety net", () => {
  test.each([
    ["+15555550123", SENSITIVE_MARKER],
    ["+1 (555) 555-0123", SENSITIVE_MARKER],
    ["(555) 555-0123", SENSITIVE_MARKER],
    ["5555550123", SENSITIVE_MARKER],
    ["Dear jane.doe@mail.example.co.uk,", `Dear ${SENSITIVE_MARKER},`],
    ["2024-01-01", "2024-01-01"],
    ["2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z"],
    ["0f8fad5b-d9cb-469f-a165-70867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e"],
    ["arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-abc", "arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-abc"],
    ["12345", "12345"],
    ["UTC+05:30", "UTC+05:30"],
    ["TRANSACTIONAL", "TRANSACTIONAL"],
  ])("%s -> %s", (text, expected) => {
    expect(redactAddresses(text)).toBe(expected);
  });
});

describe("error copies for the SDK's error line", () => {
  test("every own string scrubbed, the class kept, the error itself untouched", () => {
    class BadRequestException extends Error {
      Message = "Value '+15555550123' at 'destinationPhoneNumber': Hello Jane, your code";
    }
    const error = new BadRequestException("Value '+15555550123' with body 'Hello Jane, your code'");
    const view = scrubbedErrorView(error, ["Hello Jane, your code", "abc"]) as BadRequestException;
    expect(view).toBeInstanceOf(BadRequestException);
    expect(view.message).toBe(`Value '${SENSITIVE_MARKER}' with body '${SENSITIVE_MARKER}'`);
    expect(view.Message).toBe(`Value '${SENSITIVE_MARKER}' at 'destinationPhoneNumber': ${SENSITIVE_MARKER}`);
    expect(view.stack).not.toContain("+15555550123");
    expect(error.message).toBe("Value '+15555550123' with body 'Hello Jane, your code'");
  });
});

describe("redactLogFilters on a handler context", () => {
  const sdkFilter = (value: unknown) => value;
  const context = (logger: unknown, clientName = "PinpointSMSVoiceV2Client") => ({
    clientName,
    commandName: "SendTextMessageCommand",
    logger: logger as never,
    inputFilterSensitiveLog: sdkFilter,
    outputFilterSensitiveLog: sdkFilter,
  });

  test("wraps once: a context resolved again (cacheMiddleware) keeps the same filters", () => {
    const c = context({ info() {}, error() {} });
    redactLogFilters(c);
    const { inputFilterSensitiveLog, outputFilterSensitiveLog, logger } = c;
    expect(inputFilterSensitiveLog).not.toBe(sdkFilter);
    redactLogFilters(c);
    expect(c.inputFilterSensitiveLog).toBe(inputFilterSensitiveLog);
    expect(c.outputFilterSensitiveLog).toBe(outputFilterSensitiveLog);
    expect(c.logger).toBe(logger);
    expect(c.inputFilterSensitiveLog({ DestinationPhoneNumber: "+15555550123", MessageBody: "hi" })).toEqual({
      DestinationPhoneNumber: SENSITIVE_MARKER,
      MessageBody: SENSITIVE_MARKER,
    });
  });

  test("leaves the context alone without a logger, with the SDK's NoOpLogger, and for other services", () => {
    class NoOpLogger {
      info() {}
      error() {}
    }
    for (const c of [context(undefined), context(new NoOpLogger()), context({ info() {} }, "S3Client")]) {
      const logger = c.logger;
      redactLogFilters(c);
      expect(c.inputFilterSensitiveLog).toBe(sdkFilter);
      expect(c.outputFilterSensitiveLog).toBe(sdkFilter);
      expect(c.logger).toBe(logger);
    }
  });

  test("the context's logger is a view of the client's: same methods on the same object, only error lines scrubbed", () => {
    const seen: unknown[] = [];
    class Logger {
      #lines = seen;
      level = "info";
      info(record: unknown) {
        this.#lines.push(record);
      }
      error(record: unknown) {
        this.#lines.push(record);
      }
    }
    const client = new Logger();
    const c = context(client);
    redactLogFilters(c);
    const view = c.logger as unknown as Logger;
    expect(view.level).toBe("info");
    expect(view.constructor.name).toBe("Logger");
    view.info("plain"); // a private field works: the method runs on the logger itself
    const input = c.inputFilterSensitiveLog({ DestinationPhoneNumber: "+15555550123", MessageBody: "Hello Jane, your code" });
    view.error({ input, error: new Error("bad body 'Hello Jane, your code'") });
    expect(seen[0]).toBe("plain");
    expect((seen[1] as { error: Error }).error.message).toBe(`bad body '${SENSITIVE_MARKER}'`);
  });
});
