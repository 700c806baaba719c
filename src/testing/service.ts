/**
 * The shape every emulated service implements: how it recognises its requests, answers its operations
 * and spells its errors.
 * @packageDocumentation
 */

import type { EmulatorService } from "./types";

/** Smithy protocol of a service. */
export type WireProtocol = "restJson1" | "awsJson1_0";

/** An incoming request, body already read and parsed. */
export interface ParsedRequest {
  method: string;
  /** Path without the query string, percent-encoded as sent. */
  path: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** Parsed JSON body; undefined if empty. */
  body: unknown;
}

/** What an operation needs to build its success payload. */
export interface SuccessContext {
  /** The `x-amzn-RequestId` of this response. */
  requestId: string;
  /** A fresh deterministic message id. */
  nextMessageId(): string;
  /** The delivery status the fault rules give an address (SendMessages/SendUsersMessages). */
  deliveryStatus(address: string): string;
}

/** A recognised operation and how to answer it successfully. */
export interface ResolvedOperation {
  operation: string;
  /** The JSON payload of the 200 response. */
  respond(context: SuccessContext): unknown;
}

/** One emulated service. */
export interface EmulatedService {
  readonly name: EmulatorService;
  readonly protocol: WireProtocol;
  /** The service's modeled exception for each HTTP status, used when a fault names none. */
  readonly errorNames: Readonly<Record<number, string>>;
  /** Whether a request is addressed to this service. */
  owns(request: ParsedRequest): boolean;
  /** The operation a request invokes; undefined for an unknown route. */
  resolve(request: ParsedRequest): ResolvedOperation | undefined;
  /** The JSON body of an error response, as the real service writes it. */
  errorBody(name: string, message: string, requestId: string): Record<string, unknown>;
}
