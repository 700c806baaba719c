import {
  GetAppCommand,
  GetAppsCommand,
  PinpointClient,
  PinpointServiceException,
  SendOTPMessageCommand,
  SendUsersMessagesCommand,
} from "@aws-sdk/client-pinpoint";
import { PinpointSMSVoiceClient, SendVoiceMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice";
import {
  DescribeAccountAttributesCommand,
  PinpointSMSVoiceV2Client,
  PinpointSMSVoiceV2ServiceException,
  SendTextMessageCommand,
  SendVoiceMessageCommand as SendVoiceMessageV2Command,
} from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { startEmulator, type Emulator } from "../../src/testing";
import { clientConfig, failure, sendMessages } from "./helpers";

let emulator: Emulator;
let pinpoint: PinpointClient;
let smsVoice: PinpointSMSVoiceClient;
let smsVoiceV2: PinpointSMSVoiceV2Client;

beforeAll(async () => {
  emulator = await startEmulator();
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

beforeEach(() => emulator.resetStats());

const MESSAGE_ID = /^emu-msg-\d{6}$/;
const REQUEST_ID = /^emu-\d{6}$/;

describe("Pinpoint", () => {
  test("SendMessages returns one SUCCESSFUL result per address", async () => {
    const output = await sendMessages(pinpoint, ["+15550100", "+15550101"]);

    expect(output.$metadata.httpStatusCode).toBe(200);
    expect(output.$metadata.requestId).toMatch(REQUEST_ID);
    expect(output.MessageResponse?.ApplicationId).toBe("app-1");
    expect(output.MessageResponse?.RequestId).toBe(output.$metadata.requestId);
    const result = output.MessageResponse?.Result ?? {};
    expect(Object.keys(result).sort()).toEqual(["+15550100", "+15550101"]);
    for (const entry of Object.values(result)) {
      expect(entry).toMatchObject({ DeliveryStatus: "SUCCESSFUL", StatusCode: 200 });
      expect(entry.MessageId).toMatch(MESSAGE_ID);
    }
  });

  test("SendUsersMessages returns results per user and endpoint", async () => {
    const output = await pinpoint.send(
      new SendUsersMessagesCommand({
        ApplicationId: "app-1",
        SendUsersMessageRequest: {
          MessageConfiguration: { SMSMessage: { Body: "hello" } },
          Users: { "user-a": {}, "user-b": {} },
        },
      }),
    );

    const response = output.SendUsersMessageResponse;
    expect(response?.ApplicationId).toBe("app-1");
    expect(Object.keys(response?.Result ?? {}).sort()).toEqual(["user-a", "user-b"]);
    const endpoints = Object.values(response?.Result?.["user-a"] ?? {});
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({ DeliveryStatus: "SUCCESSFUL", StatusCode: 200 });
    expect(endpoints[0].MessageId).toMatch(MESSAGE_ID);
  });

  test("SendOTPMessage returns a result for the destination", async () => {
    const output = await pinpoint.send(
      new SendOTPMessageCommand({
        ApplicationId: "app-1",
        SendOTPMessageRequestParameters: {
          BrandName: "Brand",
          Channel: "SMS",
          DestinationIdentity: "+15550100",
          OriginationIdentity: "+15550199",
          ReferenceId: "ref-1",
        },
      }),
    );

    expect(output.MessageResponse?.Result?.["+15550100"]).toMatchObject({ DeliveryStatus: "SUCCESSFUL", StatusCode: 200 });
  });

  test("GetApps lists the emulator's application", async () => {
    const output = await pinpoint.send(new GetAppsCommand({ PageSize: "10" }));

    expect(output.ApplicationsResponse?.Item?.[0]).toMatchObject({ Id: "emulator-app", Name: "emulator-app" });
  });

  test("an operation the emulator does not implement is a 404 UnknownOperationException", async () => {
    const error = await failure(pinpoint.send(new GetAppCommand({ ApplicationId: "app-1" })));

    expect(error).toBeInstanceOf(PinpointServiceException);
    expect(error.name).toBe("UnknownOperationException");
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(emulator.stats().byOperation["Pinpoint.UnknownOperation"]?.byStatus).toEqual({ "404": 1 });
  });
});

describe("SMS Voice v1 (Smithy 2.x client)", () => {
  test("SendVoiceMessage returns a MessageId", async () => {
    const output = await smsVoice.send(
      new SendVoiceMessageCommand({ DestinationPhoneNumber: "+15550100", Content: { PlainTextMessage: { Text: "hi" } } }),
    );

    expect(output.MessageId).toMatch(MESSAGE_ID);
    expect(output.$metadata).toMatchObject({ httpStatusCode: 200, requestId: expect.stringMatching(REQUEST_ID) });
    expect(emulator.requests()[0]).toMatchObject({ service: "PinpointSMSVoice", operation: "SendVoiceMessage" });
  });
});

describe("SMS Voice v2 (awsJson1_0)", () => {
  test("SendTextMessage and SendVoiceMessage return a MessageId", async () => {
    const text = await smsVoiceV2.send(new SendTextMessageCommand({ DestinationPhoneNumber: "+15550100", MessageBody: "hi" }));
    const voice = await smsVoiceV2.send(
      new SendVoiceMessageV2Command({ DestinationPhoneNumber: "+15550100", OriginationIdentity: "+15550199" }),
    );

    expect(text.MessageId).toMatch(MESSAGE_ID);
    expect(voice.MessageId).toMatch(MESSAGE_ID);
    expect(voice.$metadata.requestId).toMatch(REQUEST_ID);
    expect(emulator.requests().map((r) => `${r.service}.${r.operation}`)).toEqual([
      "PinpointSMSVoiceV2.SendTextMessage",
      "PinpointSMSVoiceV2.SendVoiceMessage",
    ]);
  });

  test("an operation the emulator does not implement is a 404 UnknownOperationException", async () => {
    const error = await failure(smsVoiceV2.send(new DescribeAccountAttributesCommand({})));

    expect(error).toBeInstanceOf(PinpointSMSVoiceV2ServiceException);
    expect(error.name).toBe("UnknownOperationException");
    expect(error.$metadata.httpStatusCode).toBe(404);
  });
});

describe("request bodies", () => {
  test("a body that is not JSON gets the service's 400 error", async () => {
    const response = await fetch(`${emulator.endpoint}/v1/apps/app-1/messages`, { method: "POST", body: "{nope" });

    expect(response.status).toBe(400);
    expect(response.headers.get("x-amzn-errortype")).toBe("BadRequestException");
    expect(emulator.requests()[0].body).toBe("{nope");
  });
});
