/** A custom `requestHandler` answering from a script, for fast tests through the real SDK clients. */

export interface HttpReply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A network failure instead of a response, e.g. `{ networkError: "ECONNRESET" }`. */
export interface NetworkFailure {
  networkError: string;
}

export type Reply = HttpReply | NetworkFailure;

export interface RecordedHttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** A 200 with a JSON body. */
export function okReply(body: unknown = {}): HttpReply {
  return { status: 200, headers: { "content-type": "application/json", "x-amzn-requestid": "req-ok" }, body: JSON.stringify(body) };
}

/** A modeled restJson1 error. */
export function errorReply(status: number, errorType: string, headers: Record<string, string> = {}): HttpReply {
  return {
    status,
    headers: { "content-type": "application/json", "x-amzn-errortype": errorType, "x-amzn-requestid": `req-${status}`, ...headers },
    body: JSON.stringify({ Message: "Invalid phone number +15555550100 in message 'hello secret'" }),
  };
}

/** A handler that answers request i with `replies[i]` (the last one repeats), or with `replies(i, request)`. */
export function scriptedHandler(replies: Reply[] | ((index: number, request: RecordedHttpRequest) => Reply)) {
  const requests: RecordedHttpRequest[] = [];
  const next = typeof replies === "function" ? replies : (i: number) => replies[Math.min(i, replies.length - 1)];
  return {
    requests,
    async handle(request: { method: string; path: string; headers: Record<string, string>; body?: unknown }) {
      const recorded = { method: request.method, path: request.path, headers: { ...request.headers }, body: bodyText(request.body) };
      const reply = next(requests.length, recorded);
      requests.push(recorded);
      if ("networkError" in reply) {
        throw Object.assign(new Error(`simulated ${reply.networkError}`), { code: reply.networkError });
      }
      return {
        response: { statusCode: reply.status, headers: reply.headers ?? {}, body: Buffer.from(reply.body ?? "") },
      };
    },
  };
}

/** The attempt number the SDK wrote in the `amz-sdk-request` header. */
export function attemptOf(request: RecordedHttpRequest): number {
  return Number(/attempt=(\d+)/.exec(request.headers["amz-sdk-request"] ?? "")?.[1] ?? 0);
}

/** Static credentials and a region, for clients that never reach AWS. */
export const offlineClientConfig = {
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret-example" },
};

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return "";
  if (typeof body === "string") return body;
  // View the bytes directly: the SDK's body adapter warns when converted through its string methods.
  const bytes = body as Uint8Array;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}
