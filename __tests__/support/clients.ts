/** The three clients under test, built the way a user would, with a resilience instance wired in. */
import { PinpointClient, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import { PinpointSMSVoiceClient, SendVoiceMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice";
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import type { Resilience } from "../../src";
import { offlineClientConfig } from "./inMemoryHandler";

export interface ClientWiring {
  resilience?: Resilience;
  /** Install the plugin (default true when `resilience` is given). */
  plugin?: boolean;
  /** Use the resilience strategy (default true when `resilience` is given). */
  strategy?: boolean;
  requestHandler?: unknown;
  endpoint?: string;
  logger?: unknown;
  maxAttempts?: number;
}

function config(w: ClientWiring) {
  return {
    ...offlineClientConfig,
    ...(w.endpoint ? { endpoint: w.endpoint } : {}),
    // Zero timeouts are the defaults, but make the old line's handler clear its socket timer after a
    // network error instead of holding the process for 3 s.
    ...(w.requestHandler ? { requestHandler: w.requestHandler as never } : { requestHandler: { requestTimeout: 0, connectionTimeout: 0 } as never }),
    ...(w.logger ? { logger: w.logger as never } : {}),
    ...(w.maxAttempts ? { maxAttempts: w.maxAttempts } : {}),
    ...(w.resilience && w.strategy !== false ? { retryStrategy: w.resilience.retryStrategy } : {}),
  };
}

function wire<C extends { middlewareStack: { use(p: never): void } }>(client: C, w: ClientWiring): C {
  if (w.resilience && w.plugin !== false) client.middlewareStack.use(w.resilience.plugin as never);
  return client;
}

export const pinpointClient = (w: ClientWiring) => wire(new PinpointClient(config(w)), w);
export const smsVoiceClient = (w: ClientWiring) => wire(new PinpointSMSVoiceClient(config(w)), w);
export const smsVoiceV2Client = (w: ClientWiring) => wire(new PinpointSMSVoiceV2Client(config(w)), w);

/** A SendMessages with a phone number and a body that must never show in logs or events. */
export const SECRET_PHONE = "+15555550100";
export const SECRET_BODY = "hello secret 4242";
export const sendMessages = () =>
  new SendMessagesCommand({
    ApplicationId: "app-1",
    MessageRequest: {
      Addresses: { [SECRET_PHONE]: { ChannelType: "SMS" } },
      MessageConfiguration: { SMSMessage: { Body: SECRET_BODY, MessageType: "TRANSACTIONAL" } },
    },
  });
export const sendVoiceMessage = () =>
  new SendVoiceMessageCommand({
    DestinationPhoneNumber: SECRET_PHONE,
    OriginationPhoneNumber: "+15555550199",
    Content: { PlainTextMessage: { Text: SECRET_BODY, LanguageCode: "en-US", VoiceId: "Joanna" } },
  });
/** A SendMessages to several addresses, for partial-failure tests. */
export const sendMessagesTo = (addresses: string[]) =>
  new SendMessagesCommand({
    ApplicationId: "app-1",
    MessageRequest: {
      Addresses: Object.fromEntries(addresses.map((address) => [address, { ChannelType: "SMS" }])),
      MessageConfiguration: { SMSMessage: { Body: SECRET_BODY, MessageType: "TRANSACTIONAL" } },
    },
  });
export const sendTextMessage = () =>
  new SendTextMessageCommand({ DestinationPhoneNumber: SECRET_PHONE, MessageBody: SECRET_BODY });
