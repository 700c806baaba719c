import type { ServiceTable } from "./serviceTable";

/** Pinpoint SMS Voice v1 (`@aws-sdk/client-pinpoint-sms-voice`, frozen at 3.523, restJson1). */
export const pinpointSmsVoice: ServiceTable = {
  service: "PinpointSMSVoice",
  baseExceptionName: "PinpointSMSVoiceServiceException",
  errors: {
    InternalServiceErrorException: "TRANSIENT",
    TooManyRequestsException: "THROTTLING",
    // HTTP 412: a resource-count limit. The SDK lists it as throttling, but a retry never succeeds.
    LimitExceededException: "CLIENT_ERROR",
    AlreadyExistsException: "CLIENT_ERROR",
    BadRequestException: "CLIENT_ERROR",
    NotFoundException: "CLIENT_ERROR",
  },
  nonIdempotentOperations: ["SendVoiceMessage"],
  separatelyMeteredOperations: [],
  // Its client is frozen on Smithy 2.x, whose middleware-retry builds a new standard strategy (and 500-token
  // bucket) per call: the plain SDK retries every call up to maxAttempts, however many fail.
  sdkKeepsRetryBudget: false,
};
