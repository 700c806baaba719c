import { Readable } from "node:stream";
import { retryLoopMiddleware } from "../../src/middleware/retryLoop";
import type { HandlerResult, Middleware, MiddlewareContextLike } from "../../src/middleware/sdkShapes";
import { resolveOptions } from "../../src/options";
import { ResilienceRetryStrategy } from "../../src/ResilienceRetryStrategy";
import { ResilienceRuntime } from "../../src/runtime";

function loop(sdkPath: Middleware) {
  const runtime = new ResilienceRuntime(resolveOptions({}));
  return retryLoopMiddleware(runtime, new ResilienceRetryStrategy(runtime), sdkPath);
}

const ok: HandlerResult = { output: { $metadata: {} }, response: { statusCode: 200 } };

describe("retryLoopMiddleware", () => {
  test("a request with a streaming body goes the SDK's way (it cannot be sent twice)", async () => {
    const next = jest.fn(async () => ok);
    const sdkHandler = jest.fn(async () => ok);
    const sdkPath = jest.fn(() => sdkHandler);
    const context: MiddlewareContextLike = { clientName: "PinpointClient", commandName: "SendMessagesCommand" };
    await loop(sdkPath)(next, context)({ input: {}, request: { headers: {}, body: Readable.from(["x"]) } });
    expect(sdkPath).toHaveBeenCalledTimes(1);
    expect(sdkPath).toHaveBeenCalledWith(next, context);
    expect(sdkHandler).toHaveBeenCalledTimes(1);
    expect(next).not.toHaveBeenCalled();
  });

  test("any other request runs in the loop, with the SDK's headers and $metadata", async () => {
    const next = jest.fn(async () => ok);
    const sdkPath = jest.fn();
    const request = { headers: {} as Record<string, string>, body: '{"a":1}' };
    const context: MiddlewareContextLike = { clientName: "PinpointClient", commandName: "SendMessagesCommand" };
    const result = await loop(sdkPath)(next, context)({ input: {}, request });
    expect(sdkPath).not.toHaveBeenCalled();
    expect(next).toHaveBeenCalledTimes(1);
    expect(request.headers).toMatchObject({ "amz-sdk-request": "attempt=1; max=3", "amz-sdk-invocation-id": expect.any(String) });
    expect(result.output.$metadata).toEqual({ attempts: 1, totalRetryDelay: 0 });
  });
});
