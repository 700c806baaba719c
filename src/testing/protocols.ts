/**
 * The two wire formats the emulated services use (restJson1 and awsJson1_0): routing and response encoding.
 * @packageDocumentation
 */

import { STATUS_CODES } from "node:http";
import type { EmulatedService, ParsedRequest, ResolvedOperation, SuccessContext, WireProtocol } from "./service";


/** A complete HTTP response, ready to write. */
export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const CONTENT_TYPES: Record<WireProtocol, string> = {
  restJson1: "application/json",
  awsJson1_0: "application/x-amz-json-1.0",
};

/** A restJson1 operation: HTTP method and path template, e.g. "/v1/apps/{ApplicationId}/messages". */
export interface RestRoute {
  method: string;
  path: string;
  operation: string;
  respond(params: Record<string, string>, body: unknown, context: SuccessContext): unknown;
}

/** Finds the restJson1 route of a request, binding the path labels. */
export function resolveRestRoute(routes: readonly RestRoute[], request: ParsedRequest): ResolvedOperation | undefined {
  for (const route of routes) {
    const params = route.method === request.method ? matchPath(route.path, request.path) : undefined;
    if (params) {
      return { operation: route.operation, respond: (context) => route.respond(params, request.body, context) };
    }
  }
  return undefined;
}

/** An awsJson1_0 operation handler, keyed by operation name. */
export type JsonRpcHandler = (body: unknown, context: SuccessContext) => unknown;

/** Finds the awsJson1_0 operation of a request: `POST /` with `X-Amz-Target: <target>.<Operation>`. */
export function resolveJsonRpcOperation(
  target: string,
  handlers: Readonly<Record<string, JsonRpcHandler>>,
  request: ParsedRequest,
): ResolvedOperation | undefined {
  const operation = request.headers["x-amz-target"]?.slice(target.length + 1);
  const handler = operation !== undefined && Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
  if (request.method !== "POST" || request.path !== "/" || !operation || !handler) return undefined;
  return { operation, respond: (context) => handler(request.body, context) };
}

/** A 200 response carrying a JSON payload. */
export function successResponse(protocol: WireProtocol, payload: unknown, requestId: string): WireResponse {
  return jsonResponse(200, CONTENT_TYPES[protocol], payload, { "x-amzn-RequestId": requestId });
}

/**
 * An error response as the service writes it: the SDKs read the name from `x-amzn-ErrorType` (then from
 * the body) and `$metadata.requestId` from `x-amzn-RequestId`.
 */
export function errorResponse(
  service: EmulatedService,
  status: number,
  name: string,
  message: string,
  requestId: string,
): WireResponse {
  return jsonResponse(status, CONTENT_TYPES[service.protocol], service.errorBody(name, message, requestId), {
    "x-amzn-ErrorType": name,
    "x-amzn-RequestId": requestId,
  });
}

/** An HTML error page, as a load balancer in front of the service answers. */
export function htmlResponse(status: number, requestId: string): WireResponse {
  const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
  return {
    status,
    headers: { "content-type": "text/html", "x-amzn-RequestId": requestId },
    body: `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center></body></html>\n`,
  };
}

/** An error name for a status no modeled exception covers, e.g. 503 → "ServiceUnavailable". */
export function genericErrorName(status: number): string {
  return (STATUS_CODES[status] ?? "Unknown Error").replace(/[^A-Za-z]/g, "");
}

function jsonResponse(
  status: number,
  contentType: string,
  payload: unknown,
  headers: Record<string, string>,
): WireResponse {
  return { status, headers: { "content-type": contentType, ...headers }, body: JSON.stringify(payload) };
}

function matchPath(template: string, path: string): Record<string, string> | undefined {
  const expected = template.split("/");
  const actual = path.split("/");
  if (expected.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of expected.entries()) {
    const label = /^\{(\w+)\}$/.exec(segment)?.[1];
    const value = label && actual[i] !== "" ? decodeSegment(actual[i]) : undefined;
    if (label && value !== undefined) params[label] = value;
    else if (segment !== actual[i]) return undefined;
  }
  return params;
}

// A malformed percent-encoding makes the route unknown rather than crashing the handler.
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
