import type { ServiceTable } from "./serviceTable";

/** Amazon Pinpoint (`@aws-sdk/client-pinpoint`, restJson1). */
export const pinpoint: ServiceTable = {
  service: "Pinpoint",
  baseExceptionName: "PinpointServiceException",
  errors: {
    InternalServerErrorException: "TRANSIENT",
    TooManyRequestsException: "THROTTLING",
    BadRequestException: "CLIENT_ERROR",
    ForbiddenException: "CLIENT_ERROR",
    NotFoundException: "CLIENT_ERROR",
    MethodNotAllowedException: "CLIENT_ERROR",
    ConflictException: "CLIENT_ERROR",
    PayloadTooLargeException: "CLIENT_ERROR",
  },
  nonIdempotentOperations: ["SendMessages", "SendUsersMessages", "SendOTPMessage"],
  // Pinpoint meters its messaging APIs apart from its management APIs.
  separatelyMeteredOperations: ["SendMessages", "SendUsersMessages", "SendOTPMessage", "VerifyOTPMessage"],
  sdkKeepsRetryBudget: true,
};
