import { GetAppsCommand, PinpointClient, SendOTPMessageCommand, SendUsersMessagesCommand } from "@aws-sdk/client-pinpoint";
import { PinpointSMSVoiceClient, SendVoiceMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice";
import {
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  SendVoiceMessageCommand as SendVoiceMessageV2Command,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { startEmulator, type Emulator, type EmulatorOptions, type FaultRules } from "../../src/testing";
import { FaultEngine } from "../../src/testing/faults";
import { EMULATED_OPERATIONS, validateEmulatorOptions, validateFaultRules } from "../../src/testing/validateFaultRules";
import { MAX_TIMER_DELAY_MS } from "../../src/timerLimit";
import { clientConfig, sendMessages } from "./helpers";

const MAX = MAX_TIMER_DELAY_MS;

/** Rules a user could write by mistake, each of which used to inject nothing (or not what it said). */
const badRules: Array<[string, unknown, string | RegExp]> = [
  ["rules not an object", 5, '"faults" must be an object (got 5)'],
  ["unknown rule", { rate: [{ rate: 1, fault: 500 }] }, /"faults.rate" must be one of the known keys \(scripts, rates, .*\); did you mean rates\? \(got "rate"\)/],
  // scripts
  ["scripts not an array", { scripts: { steps: [500] } }, '"faults.scripts" must be an array'],
  ["unknown script key", { scripts: [{ step: [500] }] }, /"faults.scripts\[0\].step" must be one of the known keys \(match, steps, repeatLast\); did you mean steps\?/],
  ["script without steps", { scripts: [{ steps: [] }] }, '"faults.scripts[0].steps" must be a non-empty array (a script without steps injects nothing) (got [])'],
  ["step status 200", { scripts: [{ steps: [200] }] }, '"faults.scripts[0].steps[0]" must be an HTTP error status, an integer from 400 to 599 (got 200)'],
  ["step status 600", { scripts: [{ steps: [600] }] }, /"faults.scripts\[0\].steps\[0\]" must be an HTTP error status, an integer from 400 to 599/],
  ["step status 500.5", { scripts: [{ steps: [500.5] }] }, /"faults.scripts\[0\].steps\[0\]" must be an HTTP error status/],
  ["step OK", { scripts: [{ steps: ["OK"] }] }, /"faults.scripts\[0\].steps\[0\]" must be "ok", an HTTP error status \(400-599\) or a fault object; did you mean ok\? \(got "OK"\)/],
  ["step fault status", { scripts: [{ steps: [{ status: 302 }] }] }, /"faults.scripts\[0\].steps\[0\].status" must be an HTTP error status, an integer from 400 to 599 \(got 302\)/],
  ["repeatLast not boolean", { scripts: [{ steps: [500], repeatLast: "yes" }] }, '"faults.scripts[0].repeatLast" must be true or false (got "yes")'],
  // rates
  ["rate 5", { rates: [{ rate: 5, fault: 500 }] }, '"faults.rates[0].rate" must be a number in [0, 1] (got 5)'],
  ["negative rate", { rates: [{ rate: -0.1, fault: 500 }] }, '"faults.rates[0].rate" must be a number in [0, 1] (got -0.1)'],
  ["rate as a percentage string", { rates: [{ rate: "20%", fault: 500 }] }, '"faults.rates[0].rate" must be a number in [0, 1] (got "20%")'],
  ["rate NaN", { rates: [{ rate: NaN, fault: 500 }] }, '"faults.rates[0].rate" must be a number in [0, 1] (got NaN)'],
  ["rate without fault", { rates: [{ rate: 0.5 }] }, '"faults.rates[0].fault" must be given: an HTTP error status or a fault object (got undefined)'],
  ["rate fault unknown key", { rates: [{ rate: 1, fault: { staus: 500 } }] }, /"faults.rates\[0\].fault.staus" must be one of the known keys \(status, .*\); did you mean status\?/],
  // match
  ["unknown service", { rates: [{ rate: 1, fault: 500, match: { service: "SMSVoice" } }] }, /"faults.rates\[0\].match.service" must be one of Pinpoint, PinpointSMSVoice, PinpointSMSVoiceV2 \(got "SMSVoice"\)/],
  ["service in lower case", { rates: [{ rate: 1, fault: 500, match: { service: "pinpoint" } }] }, /match.service" must be one of .*; did you mean Pinpoint\?/],
  ["misspelt operation", { scripts: [{ steps: [500], match: { operation: "SendMesages" } }] }, /"faults.scripts\[0\].match.operation" must be one of SendMessages, .*; did you mean SendMessages\? \(got "SendMesages"\)/],
  ["operation the emulator does not answer", { scripts: [{ steps: [500], match: { operation: "GetEndpoint" } }] }, /"faults.scripts\[0\].match.operation" must be one of SendMessages, SendUsersMessages, SendOTPMessage, GetApps, SendVoiceMessage, SendTextMessage \(got "GetEndpoint"\)/],
  ["operation of another service", { scripts: [{ steps: [500], match: { service: "PinpointSMSVoice", operation: "SendTextMessage" } }] }, '"faults.scripts[0].match.operation" must be one of SendVoiceMessage (got "SendTextMessage")'],
  ["unknown match key", { latency: { ms: 1, match: { operations: "SendMessages" } } }, /"faults.latency.match.operations" must be one of the known keys \(service, operation\); did you mean operation\?/],
  // randomBy
  ["randomBy", { randomBy: "attempt" }, '"faults.randomBy" must be one of request, call (got "attempt")'],
  // capacity
  ["negative capacity", { capacity: { requestsPerSecond: -5 } }, '"faults.capacity.requestsPerSecond" must be a finite number > 0 (got -5)'],
  ["zero capacity", { capacity: { requestsPerSecond: 0 } }, '"faults.capacity.requestsPerSecond" must be a finite number > 0 (got 0)'],
  ["capacity as a number", { capacity: 300 }, '"faults.capacity" must be an object (got 300)'],
  ["burst below one token", { capacity: { requestsPerSecond: 10, burst: 0.5 } }, '"faults.capacity.burst" must be a finite number >= 1 (got 0.5)'],
  ["capacity rps misspelt", { capacity: { requestPerSecond: 10 } }, /"faults.capacity.requestPerSecond" must be one of the known keys .*; did you mean requestsPerSecond\?/],
  // outages
  ["outage ending before it starts", { outages: [{ fromMs: 2000, toMs: 1000 }] }, '"faults.outages[0].toMs" must be a number > fromMs (2000); Infinity for no end (got 1000)'],
  ["outage from a negative time", { outages: [{ fromMs: -1, toMs: 1000 }] }, '"faults.outages[0].fromMs" must be a finite number >= 0 (got -1)'],
  ["outage fault", { outages: [{ fromMs: 0, toMs: 10, fault: 99 }] }, /"faults.outages\[0\].fault" must be an HTTP error status/],
  // latency
  ["negative latency", { latency: { ms: -1 } }, `"faults.latency.ms" must be a finite number >= 0 and <= ${MAX} (setTimeout's limit) (got -1)`],
  ["latency beyond the timer", { latency: { ms: MAX + 1 } }, `"faults.latency.ms" must be a finite number >= 0 and <= ${MAX}`],
  ["jitter beyond the timer", { latency: { ms: 0, jitterMs: Infinity } }, `"faults.latency.jitterMs" must be a finite number >= 0 and <= ${MAX}`],
  ["fault latency", { scripts: [{ steps: [{ status: 500, latencyMs: -5 }] }] }, /"faults.scripts\[0\].steps\[0\].latencyMs" must be a finite number >= 0/],
  // fault responses whose settings would be ignored
  ["reset with a status", { scripts: [{ steps: [{ reset: true, status: 500 }] }] }, /"faults.scripts\[0\].steps\[0\].reset" must be alone \(with latencyMs at most\): a reset sends no response, so status would be ignored/],
  ["html with an error name", { scripts: [{ steps: [{ html: true, errorName: "Boom" }] }] }, /"faults.scripts\[0\].steps\[0\].html" must be without errorName: an HTML page carries neither/],
  ["header with a newline", { scripts: [{ steps: [{ status: 503, retryAfter: "1\r\nX-Evil: 1" }] }] }, /"faults.scripts\[0\].steps\[0\].retryAfter" must be a string without control characters \(it is sent as a header\)/],
  ["retryAfter as a number", { scripts: [{ steps: [{ status: 503, retryAfter: 2 }] }] }, /"faults.scripts\[0\].steps\[0\].retryAfter" must be a string/],
  ["empty error name", { scripts: [{ steps: [{ status: 500, errorName: "" }] }] }, /"faults.scripts\[0\].steps\[0\].errorName" must be a non-empty string/],
  ["negative amzRetryAfterMs", { scripts: [{ steps: [{ status: 429, amzRetryAfterMs: -1 }] }] }, /"faults.scripts\[0\].steps\[0\].amzRetryAfterMs" must be a finite number >= 0/],
  // delivery statuses
  ["misspelt delivery status", { deliveryStatus: { byAddress: { "+15550100": ["THROTTLE"] } } }, /"faults.deliveryStatus.byAddress.\+15550100\[0\]" must be one of SUCCESSFUL, THROTTLED, .*; did you mean THROTTLED\? \(got "THROTTLE"\)/],
  ["delivery statuses not a list", { deliveryStatus: { byAddress: { "+15550100": "THROTTLED" } } }, '"faults.deliveryStatus.byAddress.+15550100" must be an array (got "THROTTLED")'],
  ["delivery rate 50", { deliveryStatus: { rate: 50 } }, '"faults.deliveryStatus.rate" must be a number in [0, 1] (got 50)'],
  ["delivery status without rate", { deliveryStatus: { status: "TEMPORARY_FAILURE" } }, '"faults.deliveryStatus.status" must be given with rate (it is the status a rate draw gives) (got "TEMPORARY_FAILURE")'],
];

/** Every rule the emulator documents, at the edges of its ranges. */
const goodRules: FaultRules = {
  scripts: [
    { steps: [400, 599, "ok", { status: 503, retryAfter: "Wed, 21 Oct 2026 07:28:00 GMT", amzRetryAfterMs: 1e15, latencyMs: MAX }] },
    { match: { service: "PinpointSMSVoiceV2", operation: "SendVoiceMessage" }, steps: [{ reset: true, latencyMs: 5 }], repeatLast: true },
    { match: { operation: "GetApps" }, steps: [{ html: true, retryAfter: "1" }] },
  ],
  rates: [
    { rate: 0, fault: 500 },
    { rate: 1, fault: { status: 429, errorName: "TooManyRequestsException", message: "slow down" }, match: { service: "Pinpoint" } },
  ],
  randomBy: "call",
  capacity: { requestsPerSecond: 0.5, burst: 1, match: { operation: "SendMessages" } },
  outages: [
    { fromMs: 0, toMs: Number.POSITIVE_INFINITY, fault: 503 },
    { fromMs: 10, toMs: 10.5 },
  ],
  latency: { ms: 0, jitterMs: MAX },
  deliveryStatus: { byAddress: { "+15550100": ["THROTTLED", "TEMPORARY_FAILURE", "SUCCESSFUL"], "user-1": [] }, rate: 1, status: "PERMANENT_FAILURE" },
};

describe("fault rules", () => {
  test.each(badRules)("refuses %s, naming the rule and its range", (_label, rules, message) => {
    expect(() => validateFaultRules(rules)).toThrow(message);
  });

  test("every message starts with the module's name", () => {
    expect(() => validateFaultRules({ rates: [{ rate: 5, fault: 500 }] })).toThrow(/^smithy-resilience\/testing: /);
  });

  test("accepts every documented rule at the edges of its ranges, and no rules at all", () => {
    expect(validateFaultRules(goodRules)).toBe(goodRules);
    expect(() => validateFaultRules({})).not.toThrow();
    expect(() => validateFaultRules({ scripts: [], rates: [], outages: [] })).not.toThrow();
  });
});

describe("emulator options", () => {
  const bad: Array<[string, unknown, string | RegExp]> = [
    ["options not an object", "fast", '"options" must be an object (got "fast")'],
    ["unknown option", { fault: {} }, /"options.fault" must be one of the known keys \(seed, faults, port, now\); did you mean faults\?/],
    ["port out of range", { port: 70000 }, '"port" must be an integer from 0 to 65535 (0: any free port) (got 70000)'],
    ["negative port", { port: -1 }, '"port" must be an integer from 0 to 65535'],
    ["fractional seed", { seed: 1.5 }, '"seed" must be a safe integer (got 1.5)'],
    ["now not a function", { now: 0 }, '"now" must be a function returning ms (got 0)'],
    ["a fault rule", { faults: { capacity: { requestsPerSecond: -5 } } }, '"faults.capacity.requestsPerSecond" must be a finite number > 0 (got -5)'],
  ];

  test.each(bad)("refuses %s", (_label, options, message) => {
    expect(() => validateEmulatorOptions(options)).toThrow(message);
  });

  test("startEmulator rejects before listening; nothing is left open", async () => {
    await expect(startEmulator({ faults: { rates: [{ rate: 5, fault: 500 }] } })).rejects.toThrow('"faults.rates[0].rate" must be a number in [0, 1] (got 5)');
    await expect(startEmulator({ port: 1.5 } as EmulatorOptions)).rejects.toThrow('"port" must be an integer');
  });
});

describe("a running emulator", () => {
  let emulator: Emulator;
  let pinpoint: PinpointClient;
  let smsVoice: PinpointSMSVoiceClient;
  let smsVoiceV2: PinpointSMSVoiceV2Client;

  beforeAll(async () => {
    emulator = await startEmulator({ faults: goodRules, seed: 2 ** 40, port: 0, now: () => performance.now() });
    emulator.setFaults({});
    pinpoint = new PinpointClient(clientConfig(emulator));
    smsVoice = new PinpointSMSVoiceClient(clientConfig(emulator));
    smsVoiceV2 = new PinpointSMSVoiceV2Client(clientConfig(emulator));
  });

  afterAll(async () => {
    pinpoint.destroy();
    smsVoice.destroy();
    smsVoiceV2.destroy();
    await emulator.close();
  });

  test("setFaults refuses bad rules and keeps the rules it had", async () => {
    emulator.setFaults({ scripts: [{ steps: [500], repeatLast: true }] });
    expect(() => emulator.setFaults({ rates: [{ rate: 5, fault: 500 }] })).toThrow('"faults.rates[0].rate" must be a number in [0, 1] (got 5)');
    expect(() => emulator.setFaults({ bogus: true } as FaultRules)).toThrow('"faults.bogus" must be one of the known keys');
    const status = await sendMessages(pinpoint).then(
      (output) => output.$metadata.httpStatusCode,
      (error: { $metadata: { httpStatusCode?: number } }) => error.$metadata.httpStatusCode,
    );
    expect(status).toBe(500);
    emulator.setFaults({});
  });

  test("match.operation accepts exactly the operations the emulator answers", async () => {
    emulator.resetStats();
    await sendMessages(pinpoint);
    await pinpoint.send(new SendUsersMessagesCommand({ ApplicationId: "app-1", SendUsersMessageRequest: { MessageConfiguration: {}, Users: { u: {} } } }));
    await pinpoint.send(
      new SendOTPMessageCommand({
        ApplicationId: "app-1",
        SendOTPMessageRequestParameters: { BrandName: "B", Channel: "SMS", DestinationIdentity: "+15550100", OriginationIdentity: "+15550199", ReferenceId: "r" },
      }),
    );
    await pinpoint.send(new GetAppsCommand({}));
    await smsVoice.send(new SendVoiceMessageCommand({ DestinationPhoneNumber: "+15550100", Content: {} }));
    await smsVoiceV2.send(new SendTextMessageCommand({ DestinationPhoneNumber: "+15550100" }));
    await smsVoiceV2.send(new SendVoiceMessageV2Command({ DestinationPhoneNumber: "+15550100", OriginationIdentity: "+15550199" }));

    const answered: Record<string, string[]> = {};
    for (const request of emulator.requests()) (answered[request.service] ??= []).push(request.operation);
    expect(answered).toEqual(EMULATED_OPERATIONS);
  });
});

test("a response delay never exceeds the timer range, even when latency and a fault's latency add up past it", () => {
  const engine = new FaultEngine({ latency: { ms: MAX }, scripts: [{ steps: [{ status: 500, latencyMs: MAX }] }] }, 1, () => 0);
  expect(engine.decide({ service: "Pinpoint", operation: "SendMessages" }).delayMs).toBe(MAX);
});
