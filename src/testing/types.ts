/**
 * Public types of the local service emulator (`smithy-resilience/testing`).
 * @packageDocumentation
 */

/** The services the emulator speaks, named like their SDK clients without "Client". */
export type EmulatorService = "Pinpoint" | "PinpointSMSVoice" | "PinpointSMSVoiceV2";

/**
 * What a faulty request gets instead of a normal success. Settings the answer would not carry are refused:
 * `reset` goes with `latencyMs` only, `html` without `errorName` or `message`.
 */
export interface FaultResponse {
  /** HTTP error status, an integer from 400 to 599, e.g. 500, 429, 400, 412, 503. Default 500 (503 when `html` is set). */
  status?: number;
  /** Error name sent in `x-amzn-ErrorType` (non-empty, no control characters). Default: the service's native name for `status`. */
  errorName?: string;
  /** Error message. Default: a short text naming the emulator and the status. */
  message?: string;
  /** Sets the `Retry-After` header verbatim ("2" or an HTTP date). */
  retryAfter?: string;
  /** Sets the `x-amz-retry-after` header (milliseconds, finite, >= 0; beyond the timer range is allowed, to test a client's cap). */
  amzRetryAfterMs?: number;
  /** Answer with an HTML page (content-type text/html, no `x-amzn-ErrorType`), like a load balancer's 503. */
  html?: boolean;
  /** Destroy the socket without any response: the client sees ECONNRESET / "socket hang up". */
  reset?: boolean;
  /** Delay before answering (or resetting), in ms (0 to 2^31 − 1), on top of any `latency` rule. */
  latencyMs?: number;
}

/** One step of a script: "ok" is a normal success, a number (400–599) is shorthand for `{ status }`. */
export type ScriptStep = "ok" | FaultResponse | number;

/** Which requests a rule applies to. Omitted fields match everything. */
export interface Match {
  /** Only requests to this service. */
  service?: EmulatorService;
  /**
   * Only this operation, e.g. "SendMessages": one the emulator answers (of `service`, when given), since
   * no rule sees any other request.
   */
  operation?: string;
}

/**
 * Fault injection rules. Per request the fault is chosen by scripts, then outages, then capacity, then
 * rates; the first rule that yields a fault wins, otherwise the request succeeds. `startEmulator` and
 * `setFaults` refuse unknown keys and values out of range with an Error naming the rule, e.g.
 * `"faults.rates[0].rate" must be a number in [0, 1] (got 5)`.
 */
export interface FaultRules {
  /**
   * Scripted sequences: the Nth request matching `match` gets `steps[N]` ("ok" is a success that skips the
   * later rules). After the script is used up, requests fall through to the other rules, unless
   * `repeatLast` is set. `steps` must not be empty.
   */
  scripts?: Array<{
    /** Requests the script counts and answers. Default: all. */
    match?: Match;
    /** Answer of each matching request in turn; not empty. */
    steps: ScriptStep[];
    /** Once the steps are used up, keep answering the last one. Default false. */
    repeatLast?: boolean;
  }>;
  /** Seeded random faults: each matching request fails with probability `rate` (in [0, 1]). Evaluated in order. */
  rates?: Array<{
    /** Requests the rule applies to. Default: all. */
    match?: Match;
    /** Probability that a matching request fails, in [0, 1]. */
    rate: number;
    /** The answer of a request that fails; a number (400–599) is shorthand for `{ status }`. */
    fault: FaultResponse | number;
  }>;
  /**
   * What a `rates` draw depends on. `"request"` (default): one seeded stream, drawn in arrival order.
   * `"call"`: only the seed, the call's number (the order in which its `amz-sdk-invocation-id` was first
   * seen) and the attempt (`amz-sdk-request: attempt=N`), so that clients with different retry policies
   * making the same calls meet the same faults, call by call and attempt by attempt: a paired comparison.
   * Requests without those headers fall back to the stream. Keeps one entry per call seen.
   */
  randomBy?: "request" | "call";
  /**
   * Capacity limit: a token bucket per service, refilled at `requestsPerSecond` (> 0), holding `burst` tokens
   * (>= 1; default `max(1, ceil(requestsPerSecond / 10))`), answers the service's throttling error (429) when empty.
   */
  capacity?: {
    /** Refill rate of the bucket, tokens per second; > 0. */
    requestsPerSecond: number;
    /** Tokens in a full bucket, >= 1. Default `max(1, ceil(requestsPerSecond / 10))`. */
    burst?: number;
    /** Requests that draw from the bucket. Default: all. */
    match?: Match;
  };
  /**
   * Outage windows in ms since the emulator started (or since the last `setFaults`): every matching
   * request in [fromMs, toMs) gets `fault` (default 500). `fromMs` >= 0, `toMs` > `fromMs` (`Infinity`: no end).
   */
  outages?: Array<{
    /** Start of the window, ms since start (or the last `setFaults`), inclusive; >= 0. */
    fromMs: number;
    /** End of the window, ms, exclusive; > `fromMs`, `Infinity` for no end. */
    toMs: number;
    /** Requests the outage hits. Default: all. */
    match?: Match;
    /** The answer during the window; a number (400–599) is shorthand for `{ status }`. Default 500. */
    fault?: FaultResponse | number;
  }>;
  /** Latency added to every matching response (ms), plus seeded uniform jitter in [0, jitterMs); each 0 to 2^31 − 1. */
  latency?: {
    /** Fixed delay, ms, 0 to 2^31 − 1. */
    ms: number;
    /** Upper bound of the extra seeded uniform delay, ms, 0 to 2^31 − 1. Default 0. */
    jitterMs?: number;
    /** Responses that are delayed. Default: all. */
    match?: Match;
  };
  /**
   * Per-address outcomes inside an HTTP 200 of SendMessages (keys of `Addresses` and `Endpoints`) and
   * SendUsersMessages (keys of `Users`). `byAddress`: the Nth time an address is seen it gets
   * `statuses[N]`, then SUCCESSFUL. `rate`: otherwise, each address gets `status` (default THROTTLED)
   * with this probability (in [0, 1]; `status` only with `rate`). Values are Pinpoint `DeliveryStatus`
   * strings: SUCCESSFUL, THROTTLED, TEMPORARY_FAILURE, PERMANENT_FAILURE, UNKNOWN_FAILURE, OPT_OUT, DUPLICATE.
   */
  deliveryStatus?: {
    /** Per address: the statuses of its 1st, 2nd, ... sighting; after the list, it is treated like any other address. */
    byAddress?: Record<string, string[]>;
    /** Probability, in [0, 1], that an address without a scripted status gets `status` rather than SUCCESSFUL. */
    rate?: number;
    /** The status `rate` gives. Default THROTTLED; only with `rate`. */
    status?: string;
  };
}

/** Options of {@link startEmulator}; unknown keys and values out of range are refused. */
export interface EmulatorOptions {
  /** Seed of every random decision (rates, jitter, delivery status), a safe integer. Default 1. */
  seed?: number;
  /** Initial fault rules. Default: none, every request succeeds. */
  faults?: FaultRules;
  /** Port to listen on, on 127.0.0.1, 0 to 65535. Default 0 (any free port). */
  port?: number;
  /** Millisecond clock for outages, capacity and `RecordedRequest.at`. Default `performance.now`. */
  now?: () => number;
}

/** Counters of one operation. */
export interface OperationStats {
  /** Requests received, including resets. */
  requests: number;
  /** Responses per HTTP status, e.g. `{ "200": 3, "429": 1 }`. */
  byStatus: Record<string, number>;
  /** Requests answered by destroying the socket. */
  resets: number;
}

/** Counters since the emulator started or since the last `resetStats`. */
export interface EmulatorStats {
  /** All requests received, including unknown routes and resets. */
  requests: number;
  /** Per "Service.Operation", e.g. "Pinpoint.SendMessages"; unknown routes count as "Service.UnknownOperation". */
  byOperation: Record<string, OperationStats>;
}

/** One request as the emulator saw it. */
export interface RecordedRequest {
  /** The service the request was addressed to. */
  service: EmulatorService;
  /** The operation, or "UnknownOperation" for an unknown route. */
  operation: string;
  /** When it arrived, in ms since the emulator started (by the `now` clock). */
  at: number;
  /** The HTTP status answered, or "reset" when the socket was destroyed. */
  status: number | "reset";
  /** Request headers, names lower-cased, repeated values joined with ", ". */
  headers: Record<string, string>;
  /** The parsed JSON body; the raw text if it is not JSON; undefined if empty. */
  body: unknown;
}

/** A running emulator. */
export interface Emulator {
  /** Base URL to pass as a client's `endpoint`, e.g. "http://127.0.0.1:4566". */
  readonly endpoint: string;
  /** The port it listens on. */
  readonly port: number;
  /** Replaces the fault rules, restarting scripts, the outage clock, capacity buckets and address counters. */
  setFaults(faults: FaultRules): void;
  /** Counters since start or the last `resetStats`. */
  stats(): EmulatorStats;
  /** The last 10,000 requests received, oldest first. */
  requests(): RecordedRequest[];
  /** Clears the counters and the recorded requests. */
  resetStats(): void;
  /** Closes the server and destroys every open socket, including requests still waiting on latency. */
  close(): Promise<void>;
}
