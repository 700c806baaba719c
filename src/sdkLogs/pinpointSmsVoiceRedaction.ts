import type { ServiceRedaction } from "./redactionRules";

/** Pinpoint SMS Voice v1 (`@aws-sdk/client-pinpoint-sms-voice` 3.523): its only send. */
export const pinpointSmsVoiceRedaction: ServiceRedaction = {
  service: "PinpointSMSVoice",
  operations: {
    // Content holds the spoken text (CallInstructionsMessage, PlainTextMessage or SSMLMessage).
    SendVoiceMessage: { input: { values: ["CallerId", "Content", "DestinationPhoneNumber", "OriginationPhoneNumber"] } },
  },
};
