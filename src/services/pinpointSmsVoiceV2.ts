import type { ServiceTable } from "./serviceTable";

/** AWS End User Messaging SMS and Voice v2 (`@aws-sdk/client-pinpoint-sms-voice-v2`, awsJson1_0). */
export const pinpointSmsVoiceV2: ServiceTable = {
  service: "PinpointSMSVoiceV2",
  baseExceptionName: "PinpointSMSVoiceV2ServiceException",
  errors: {
    InternalServerException: "TRANSIENT",
    ThrottlingException: "THROTTLING",
    ValidationException: "CLIENT_ERROR",
    AccessDeniedException: "CLIENT_ERROR",
    ConflictException: "CLIENT_ERROR",
    ResourceNotFoundException: "CLIENT_ERROR",
    ServiceQuotaExceededException: "CLIENT_ERROR",
  },
  nonIdempotentOperations: ["SendTextMessage", "SendVoiceMessage", "SendMediaMessage"],
  separatelyMeteredOperations: [],
  sdkKeepsRetryBudget: true,
};
