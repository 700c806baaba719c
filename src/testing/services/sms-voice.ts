/**
 * Amazon Pinpoint SMS and Voice v1 (restJson1, the client frozen at 3.523): SendVoiceMessage.
 * @packageDocumentation
 */

import { resolveRestRoute, type RestRoute } from "../protocols";
import type { EmulatedService } from "../service";

/** SMS Voice v1's modeled exceptions by HTTP status. */
const ERROR_NAMES: Readonly<Record<number, string>> = {
  400: "BadRequestException",
  404: "NotFoundException",
  409: "AlreadyExistsException",
  412: "LimitExceededException",
  429: "TooManyRequestsException",
  500: "InternalServiceErrorException",
};

const ROUTES: readonly RestRoute[] = [
  {
    method: "POST",
    path: "/v1/sms-voice/voice/message",
    operation: "SendVoiceMessage",
    respond: (_params, _body, context) => ({ MessageId: context.nextMessageId() }),
  },
];

/** The emulated SMS Voice v1 service: every path under /v1/sms-voice/. */
export const smsVoice: EmulatedService = {
  name: "PinpointSMSVoice",
  protocol: "restJson1",
  errorNames: ERROR_NAMES,
  owns: (request) => request.path.startsWith("/v1/sms-voice/"),
  resolve: (request) => resolveRestRoute(ROUTES, request),
  errorBody: (_name, message) => ({ Message: message }),
};
