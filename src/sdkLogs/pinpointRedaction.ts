import type { ServiceRedaction } from "./redactionRules";
import { members } from "./redactionRules";

/**
 * Message content of `DirectMessageConfiguration` (every channel: ADM, APNS, Baidu, Default, DefaultPush,
 * Email, GCM, SMS, Voice) and of the per-address / per-endpoint / per-user overrides
 * (`AddressConfiguration`, `EndpointSendConfiguration`).
 */
const MESSAGE_CONTENT = [
  "Body",
  "Title",
  "Substitutions",
  "Data",
  "RawContent",
  "RawEmail",
  "SimpleEmail",
  "Url",
  "ImageUrl",
  "ImageIconUrl",
  "SmallImageIconUrl",
  "MediaUrl",
  "Context",
  "BodyOverride",
  "TitleOverride",
];

/** Sender addresses inside `DirectMessageConfiguration`. */
const SENDERS = ["OriginationNumber", "FromAddress", "FeedbackForwardingAddress", "ReplyToAddresses"];

/** Per-address results (`EndpointMessageResult`, `MessageResult`): the address and a refreshed push token. */
const RESULT_ADDRESSES = ["Address", "UpdatedToken"];

/**
 * An endpoint's personal data (`EndpointRequest`, `EndpointResponse`, `PublicEndpoint`,
 * `EndpointBatchItem`): its address, custom and user attributes (template substitutions come from them)
 * and location.
 */
const ENDPOINT_PERSONAL_DATA = ["Address", "Attributes", "UserAttributes", "Location"];

/** Amazon Pinpoint (`@aws-sdk/client-pinpoint`): the messaging, OTP, number validation and endpoint APIs. */
export const pinpointRedaction: ServiceRedaction = {
  service: "Pinpoint",
  operations: {
    // MessageRequest.Addresses is a map keyed by phone number, email or push token; so is the response's Result.
    SendMessages: {
      input: { values: members(MESSAGE_CONTENT, SENDERS), addressKeys: ["Addresses"] },
      output: { values: RESULT_ADDRESSES, addressKeys: ["Result"] },
    },
    // Users and Result are keyed by user id, not address (the safety net still catches an email used as one).
    SendUsersMessages: {
      input: { values: members(MESSAGE_CONTENT, SENDERS) },
      output: { values: RESULT_ADDRESSES },
    },
    SendOTPMessage: {
      input: { values: ["DestinationIdentity", "OriginationIdentity"] },
      output: { values: RESULT_ADDRESSES, addressKeys: ["Result"] },
    },
    VerifyOTPMessage: { input: { values: ["DestinationIdentity", "Otp"] } },
    PhoneNumberValidate: {
      input: { values: ["PhoneNumber"] },
      output: { values: ["CleansedPhoneNumberE164", "CleansedPhoneNumberNational", "OriginalPhoneNumber"] },
    },
    UpdateEndpoint: { input: { values: ENDPOINT_PERSONAL_DATA } },
    UpdateEndpointsBatch: { input: { values: ENDPOINT_PERSONAL_DATA } },
    PutEvents: { input: { values: ENDPOINT_PERSONAL_DATA } },
    GetEndpoint: { output: { values: ENDPOINT_PERSONAL_DATA } },
    DeleteEndpoint: { output: { values: ENDPOINT_PERSONAL_DATA } },
    GetUserEndpoints: { output: { values: ENDPOINT_PERSONAL_DATA } },
    DeleteUserEndpoints: { output: { values: ENDPOINT_PERSONAL_DATA } },
  },
};
