import type { ServiceRedaction } from "./redactionRules";

const DESTINATION = ["DestinationPhoneNumber"];

/**
 * AWS End User Messaging SMS and Voice v2 (`@aws-sdk/client-pinpoint-sms-voice-v2`): the sends, and the
 * operations that name an end user's number (verified destinations, opt-outs, protect overrides, carrier
 * lookup). The account's own numbers (`RequestPhoneNumber`, `DescribePhoneNumbers`, ...) are not end-user
 * data and are not listed.
 */
export const pinpointSmsVoiceV2Redaction: ServiceRedaction = {
  service: "PinpointSMSVoiceV2",
  operations: {
    SendTextMessage: { input: { values: ["DestinationPhoneNumber", "OriginationIdentity", "MessageBody", "Context"] } },
    SendVoiceMessage: { input: { values: ["DestinationPhoneNumber", "OriginationIdentity", "MessageBody", "Context"] } },
    SendMediaMessage: { input: { values: ["DestinationPhoneNumber", "OriginationIdentity", "MessageBody", "MediaUrls", "Context"] } },
    // RcsMessageContent holds text, cards and suggestions; FallbackConfiguration an SMS/MMS body and media.
    SendRcsMessage: {
      input: { values: ["DestinationPhoneNumber", "OriginationIdentity", "RcsMessageContent", "FallbackConfiguration", "Context"] },
    },
    // The template's variables are the message's content, and the service answers with the resolved body.
    SendNotifyTextMessage: {
      input: { values: ["DestinationPhoneNumber", "TemplateVariables", "Context"] },
      output: { values: ["ResolvedMessageBody"] },
    },
    SendNotifyVoiceMessage: {
      input: { values: ["DestinationPhoneNumber", "TemplateVariables", "Context"] },
      output: { values: ["ResolvedMessageBody"] },
    },
    SendDestinationNumberVerificationCode: { input: { values: ["OriginationIdentity", "Context"] } },
    VerifyDestinationNumber: { input: { values: ["VerificationCode"] }, output: { values: DESTINATION } },
    CreateVerifiedDestinationNumber: { input: { values: DESTINATION }, output: { values: DESTINATION } },
    DeleteVerifiedDestinationNumber: { output: { values: DESTINATION } },
    DescribeVerifiedDestinationNumbers: { input: { values: ["DestinationPhoneNumbers"] }, output: { values: DESTINATION } },
    CarrierLookup: { input: { values: ["PhoneNumber"] }, output: { values: ["E164PhoneNumber"] } },
    PutOptedOutNumber: { input: { values: ["OptedOutNumber"] }, output: { values: ["OptedOutNumber"] } },
    DeleteOptedOutNumber: { input: { values: ["OptedOutNumber"] }, output: { values: ["OptedOutNumber"] } },
    // The input lists numbers; the output lists structures, whose number alone is replaced.
    DescribeOptedOutNumbers: { input: { values: ["OptedOutNumbers"] }, output: { values: ["OptedOutNumber"] } },
    PutProtectConfigurationRuleSetNumberOverride: { input: { values: DESTINATION }, output: { values: DESTINATION } },
    DeleteProtectConfigurationRuleSetNumberOverride: { input: { values: DESTINATION }, output: { values: DESTINATION } },
    ListProtectConfigurationRuleSetNumberOverrides: { output: { values: DESTINATION } },
  },
};
