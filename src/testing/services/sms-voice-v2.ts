/**
 * AWS End User Messaging SMS and Voice v2 (awsJson1_0): SendTextMessage and SendVoiceMessage.
 * @packageDocumentation
 */

import { resolveJsonRpcOperation, type JsonRpcHandler } from "../protocols";
import type { EmulatedService } from "../service";

const TARGET = "PinpointSMSVoiceV2";
const NAMESPACE = "com.amazonaws.pinpointsmsvoicev2";

/** SMS Voice v2's modeled exceptions by the HTTP status the service answers them with. */
const ERROR_NAMES: Readonly<Record<number, string>> = {
  400: "ValidationException",
  402: "ServiceQuotaExceededException",
  403: "AccessDeniedException",
  404: "ResourceNotFoundException",
  409: "ConflictException",
  429: "ThrottlingException",
  500: "InternalServerException",
};

const HANDLERS: Readonly<Record<string, JsonRpcHandler>> = {
  SendTextMessage: (_body, context) => ({ MessageId: context.nextMessageId() }),
  SendVoiceMessage: (_body, context) => ({ MessageId: context.nextMessageId() }),
};

/** The emulated SMS Voice v2 service: every request whose `X-Amz-Target` starts with "PinpointSMSVoiceV2.". */
export const smsVoiceV2: EmulatedService = {
  name: "PinpointSMSVoiceV2",
  protocol: "awsJson1_0",
  errorNames: ERROR_NAMES,
  owns: (request) => request.headers["x-amz-target"]?.startsWith(`${TARGET}.`) ?? false,
  resolve: (request) => resolveJsonRpcOperation(TARGET, HANDLERS, request),
  // awsJson1_0 services name the error in `__type` as a shape id; the SDK strips the namespace.
  errorBody: (name, message) => ({ __type: `${NAMESPACE}#${name}`, Message: message }),
};
