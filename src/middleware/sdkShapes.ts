import type { CallState } from "../callState";
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
    abortSignal?: { aborted: boolean };
    selectedHttpAuthScheme?: { httpAuthOption?: { signingProperties?: { region?: unknown } } };
  };
  [CALL_STATE]?: CallState;
  [ATTEMPTS_OBSERVED]?: boolean;
}

/** Where the call's state is kept on the middleware context, for every middleware of the plugin. */
export const CALL_STATE = Symbol("smithy-resilience.call");

/** Marks a call whose stack has the attempt middleware (set when the stack is resolved). */
export const ATTEMPTS_OBSERVED = Symbol("smithy-resilience.attemptsObserved");

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
