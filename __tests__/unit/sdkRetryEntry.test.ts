/** Reading the SDK's retry entry from a stack, which the plugin takes the place of. */
import { constructStack } from "@smithy/middleware-stack";
import { PinpointClient } from "@aws-sdk/client-pinpoint";
import { createResilience } from "../../src";
import { findSdkRetryEntry } from "../../src/middleware/sdkRetryEntry";
import { offlineClientConfig } from "../support/inMemoryHandler";

const passThrough = (next: (args: unknown) => unknown) => (args: unknown) => next(args);

test("finds a client's retry middleware and where it sits, and the SDK's own one after the plugin took its place", () => {
  const client = new PinpointClient(offlineClientConfig);
  const before = findSdkRetryEntry(client.middlewareStack as never);
  expect(before?.placement).toMatchObject({ name: "retryMiddleware", step: "finalizeRequest", priority: "high" });

  client.middlewareStack.use(createResilience().plugin as never);
  const after = findSdkRetryEntry(client.middlewareStack as never);
  expect(after?.middleware).toBe(before?.middleware);
  expect(after?.placement.tags).toContain("SMITHY_RESILIENCE");
});

test("finds nothing on a stack without the entry, with it elsewhere, or that cannot copy itself", () => {
  expect(findSdkRetryEntry(constructStack() as never)).toBeUndefined();
  const elsewhere = constructStack();
  elsewhere.add(passThrough as never, { name: "retryMiddleware", step: "build" });
  expect(findSdkRetryEntry(elsewhere as never)).toBeUndefined();
  expect(findSdkRetryEntry({})).toBeUndefined();
  expect(findSdkRetryEntry({ applyToStack: () => { throw new Error("not a stack"); } })).toBeUndefined();
});
