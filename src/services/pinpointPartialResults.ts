import type { ErrorClass } from "../types";

/**
 * Pinpoint sends report per-address results inside an HTTP 200. These shapes tell which addresses are
 * worth re-sending, build the request for just those, and merge the answers, in the SDK's own shapes.
 */

/** Per-address delivery statuses that mean "not delivered, try again", and how to back off from each. */
export const RETRYABLE_DELIVERY_STATUSES: Readonly<Record<string, ErrorClass>> = {
  THROTTLED: "THROTTLING",
  TEMPORARY_FAILURE: "TRANSIENT",
};

/** One address (or endpoint, or user) to re-send, with the status that asked for it. */
export interface PendingAddress {
  key: string;
  status: string;
}

/** How one send operation carries addresses in its input and results in its output. */
export interface PartialResultShape {
  /** Addresses whose results ask for a re-send. */
  pending(output: unknown): PendingAddress[];
  /** The input of a re-send: the original with only `pending` addresses. */
  subset(input: unknown, pending: readonly PendingAddress[]): unknown;
  /** The output with the re-sent addresses' results replaced by `round`'s. */
  merge(output: unknown, round: unknown): unknown;
}

type Results = Record<string, { DeliveryStatus?: string }>;
type AnyRecord = Record<string, unknown>;

const isRetryable = (result: { DeliveryStatus?: string } | undefined): boolean =>
  result?.DeliveryStatus !== undefined && result.DeliveryStatus in RETRYABLE_DELIVERY_STATUSES;

function pick<T>(map: Record<string, T> | undefined, keys: ReadonlySet<string>): Record<string, T> | undefined {
  if (!map) return undefined;
  const picked = Object.fromEntries(Object.entries(map).filter(([key]) => keys.has(key)));
  return Object.keys(picked).length > 0 ? picked : undefined;
}

function keysWithPrefix(pending: readonly PendingAddress[], prefix: string): Set<string> {
  return new Set(pending.filter((p) => p.key.startsWith(prefix)).map((p) => p.key.slice(prefix.length)));
}

/** Re-sent entries replace the earlier ones; delivered ones are kept as they were. */
function mergeMaps<T>(earlier: Record<string, T> | undefined, later: Record<string, T> | undefined): Record<string, T> | undefined {
  return earlier || later ? { ...earlier, ...later } : undefined;
}

const ADDRESS = "address:";
const ENDPOINT = "endpoint:";

/** `SendMessages`: `MessageRequest.Addresses` → `MessageResponse.Result`, `Endpoints` → `EndpointResult`. */
const sendMessages: PartialResultShape = {
  pending(output) {
    const response = (output as { MessageResponse?: { Result?: Results; EndpointResult?: Results } }).MessageResponse;
    const fromMap = (map: Results | undefined, prefix: string) =>
      Object.entries(map ?? {})
        .filter(([, result]) => isRetryable(result))
        .map(([key, result]) => ({ key: prefix + key, status: result.DeliveryStatus as string }));
    return [...fromMap(response?.Result, ADDRESS), ...fromMap(response?.EndpointResult, ENDPOINT)];
  },
  subset(input, pending) {
    const { MessageRequest: request, ...rest } = input as { MessageRequest: AnyRecord };
    const addresses = pick(request.Addresses as AnyRecord | undefined, keysWithPrefix(pending, ADDRESS));
    const endpoints = pick(request.Endpoints as AnyRecord | undefined, keysWithPrefix(pending, ENDPOINT));
    return { ...rest, MessageRequest: { ...request, Addresses: addresses, Endpoints: endpoints } };
  },
  merge(output, round) {
    const earlier = (output as { MessageResponse: AnyRecord }).MessageResponse;
    const later = (round as { MessageResponse?: AnyRecord }).MessageResponse ?? {};
    return {
      ...(output as AnyRecord),
      MessageResponse: {
        ...earlier,
        Result: mergeMaps(earlier.Result as Results | undefined, later.Result as Results | undefined),
        EndpointResult: mergeMaps(earlier.EndpointResult as Results | undefined, later.EndpointResult as Results | undefined),
      },
    };
  },
};

/**
 * `SendUsersMessages`: `SendUsersMessageRequest.Users` → `SendUsersMessageResponse.Result[user][endpoint]`.
 * A user can only be re-sent as a whole, so only users none of whose endpoints were delivered are.
 */
const sendUsersMessages: PartialResultShape = {
  pending(output) {
    const results = (output as { SendUsersMessageResponse?: { Result?: Record<string, Results> } }).SendUsersMessageResponse?.Result;
    return Object.entries(results ?? {}).flatMap(([user, endpoints]) => {
      const all = Object.values(endpoints);
      return all.length > 0 && all.every(isRetryable) ? [{ key: user, status: all[0].DeliveryStatus as string }] : [];
    });
  },
  subset(input, pending) {
    const { SendUsersMessageRequest: request, ...rest } = input as { SendUsersMessageRequest: AnyRecord };
    const users = pick(request.Users as AnyRecord | undefined, new Set(pending.map((p) => p.key)));
    return { ...rest, SendUsersMessageRequest: { ...request, Users: users } };
  },
  merge(output, round) {
    const earlier = (output as { SendUsersMessageResponse: AnyRecord }).SendUsersMessageResponse;
    const later = (round as { SendUsersMessageResponse?: AnyRecord }).SendUsersMessageResponse ?? {};
    return {
      ...(output as AnyRecord),
      SendUsersMessageResponse: { ...earlier, Result: mergeMaps(earlier.Result as AnyRecord | undefined, later.Result as AnyRecord | undefined) },
    };
  },
};

/** Shapes by "service.operation". */
export const PARTIAL_RESULT_SHAPES: Readonly<Record<string, PartialResultShape>> = {
  "Pinpoint.SendMessages": sendMessages,
  "Pinpoint.SendUsersMessages": sendUsersMessages,
};
