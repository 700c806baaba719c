/**
 * Amazon Pinpoint (restJson1): SendMessages, SendUsersMessages, SendOTPMessage and GetApps.
 * Paths and shapes follow the schemas in `@aws-sdk/client-pinpoint`.
 * @packageDocumentation
 */

import { resolveRestRoute, type RestRoute } from "../protocols";
import type { EmulatedService, SuccessContext } from "../service";

/** Pinpoint's modeled exceptions by HTTP status. */
const ERROR_NAMES: Readonly<Record<number, string>> = {
  400: "BadRequestException",
  403: "ForbiddenException",
  404: "NotFoundException",
  405: "MethodNotAllowedException",
  409: "ConflictException",
  413: "PayloadTooLargeException",
  429: "TooManyRequestsException",
  500: "InternalServerErrorException",
};

/** The `StatusCode` Pinpoint reports next to each `DeliveryStatus`. */
const DELIVERY_STATUS_CODES: Readonly<Record<string, number>> = {
  SUCCESSFUL: 200,
  THROTTLED: 429,
  TEMPORARY_FAILURE: 500,
  PERMANENT_FAILURE: 400,
  OPT_OUT: 400,
  DUPLICATE: 400,
  UNKNOWN_FAILURE: 500,
};

/** The single application GetApps lists. */
const EMULATOR_APP = {
  Arn: "arn:aws:mobiletargeting:us-east-1:000000000000:apps/emulator-app",
  Id: "emulator-app",
  Name: "emulator-app",
  CreationDate: "2024-01-01T00:00:00.000Z",
  tags: {},
};

const ROUTES: readonly RestRoute[] = [
  {
    method: "POST",
    path: "/v1/apps/{ApplicationId}/messages",
    operation: "SendMessages",
    respond: ({ ApplicationId }, body, context) => {
      const request = asRecord(body);
      return {
        ApplicationId,
        RequestId: context.requestId,
        Result: mapKeys(request.Addresses, (address) => messageResult(context.deliveryStatus(address), context)),
        EndpointResult: mapKeys(request.Endpoints, (endpointId) =>
          messageResult(context.deliveryStatus(endpointId), context),
        ),
      };
    },
  },
  {
    method: "POST",
    path: "/v1/apps/{ApplicationId}/users-messages",
    operation: "SendUsersMessages",
    respond: ({ ApplicationId }, body, context) => ({
      ApplicationId,
      RequestId: context.requestId,
      Result: mapKeys(asRecord(body).Users, (userId) => ({
        [`${userId}-endpoint`]: messageResult(context.deliveryStatus(userId), context),
      })),
    }),
  },
  {
    method: "POST",
    path: "/v1/apps/{ApplicationId}/otp",
    operation: "SendOTPMessage",
    respond: ({ ApplicationId }, body, context) => ({
      ApplicationId,
      RequestId: context.requestId,
      Result: { [String(asRecord(body).DestinationIdentity)]: messageResult("SUCCESSFUL", context) },
    }),
  },
  {
    method: "GET",
    path: "/v1/apps",
    operation: "GetApps",
    respond: () => ({ Item: [EMULATOR_APP] }),
  },
];

/** The emulated Amazon Pinpoint service; it owns every request no other service claims. */
export const pinpoint: EmulatedService = {
  name: "Pinpoint",
  protocol: "restJson1",
  errorNames: ERROR_NAMES,
  owns: () => true,
  resolve: (request) => resolveRestRoute(ROUTES, request),
  errorBody: (_name, message, requestId) => ({ Message: message, RequestID: requestId }),
};

function messageResult(deliveryStatus: string, context: SuccessContext) {
  const successful = deliveryStatus === "SUCCESSFUL";
  return {
    DeliveryStatus: deliveryStatus,
    StatusCode: DELIVERY_STATUS_CODES[deliveryStatus] ?? 500,
    StatusMessage: successful ? "Accepted by the emulator" : `Emulated ${deliveryStatus}`,
    ...(successful ? { MessageId: context.nextMessageId() } : {}),
  };
}

/** Builds `{ key: value(key) }` for each key of a request map; undefined (omitted) when there is no map. */
function mapKeys<T>(map: unknown, value: (key: string) => T): Record<string, T> | undefined {
  if (map === undefined) return undefined;
  return Object.fromEntries(Object.keys(asRecord(map)).map((key) => [key, value(key)]));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}
