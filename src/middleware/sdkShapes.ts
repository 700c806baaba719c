import type { AbortSignalLike } from "../abortable";
import type { ResilienceLogger } from "../types";

/**
 * The parts of the SDK's middleware types the plugin touches, written structurally so that one plugin
 * fits both runtime lines (`@smithy/types` 2.x in SMS Voice 3.523 and 4.x in current clients).
 */
export interface MiddlewareContextLike {
  clientName?: string;
  commandName?: string;
  logger?: ResilienceLogger;
  partition_id?: string;
  __smithy_context?: {
    abortSignal?: AbortSignalLike;
    selectedHttpAuthScheme?: { httpAuthOption?: { signingProperties?: { region?: unknown } } };
  };
}

/** The HTTP status of a raw response, if it has one. */
export function statusOfResponse(response: unknown): number | undefined {
  const status = (response as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === "number" ? status : undefined;
}

export interface HandlerArgs {
  input: unknown;
  request?: unknown;
}

export interface HandlerResult {
  output: { $metadata?: { requestId?: string; attempts?: number; totalRetryDelay?: number } };
  response: unknown;
}

export type Handler = (args: HandlerArgs) => Promise<HandlerResult>;
export type Middleware = (next: Handler, context: MiddlewareContextLike) => Handler;
