/**
 * `CircuitOpenError`: `instanceof` across copies of the class (the package's CJS and ESM bundles each
 * carry one) and whole-millisecond `retryAfterMs`.
 */
import { CircuitOpenError } from "../../src/breaker/CircuitOpenError";

/** A second, separately evaluated copy of the module, as the other bundle would be. */
function otherCopy(): typeof CircuitOpenError {
  let copy: typeof CircuitOpenError | undefined;
  jest.isolateModules(() => {
    // A synchronous, uncached load is what isolateModules offers; `import()` would share the cache.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    copy = (require("../../src/breaker/CircuitOpenError") as { CircuitOpenError: typeof CircuitOpenError }).CircuitOpenError;
  });
  return copy as typeof CircuitOpenError;
}

test("instanceof holds across two copies of the class, both ways", () => {
  const Other = otherCopy();
  expect(Other).not.toBe(CircuitOpenError);
  expect(new Other("Pinpoint", "us-east-1", 10)).toBeInstanceOf(CircuitOpenError);
  expect(new CircuitOpenError("Pinpoint", "us-east-1", 10)).toBeInstanceOf(Other);
});

test("instanceof stays false for other values, and Error is still a base", () => {
  const error = new CircuitOpenError("Pinpoint", "us-east-1", 10);
  expect(error).toBeInstanceOf(Error);
  for (const value of [new Error("x"), { name: "CircuitOpenError" }, null, undefined, "CircuitOpenError", 0]) {
    expect(value instanceof CircuitOpenError).toBe(false);
  }
});

test("the brand does not show in the error's own keys or logs", () => {
  const error = new CircuitOpenError("Pinpoint", "us-east-1", 10);
  expect(Object.getOwnPropertySymbols(error)).toEqual([]);
});

test("subclasses keep the ordinary prototype check", () => {
  class Custom extends CircuitOpenError {}
  expect(new Custom("Pinpoint", "us-east-1", 1)).toBeInstanceOf(Custom);
  expect(new Custom("Pinpoint", "us-east-1", 1)).toBeInstanceOf(CircuitOpenError);
  expect(new CircuitOpenError("Pinpoint", "us-east-1", 1) instanceof Custom).toBe(false);
});

test("retryAfterMs is a whole number of milliseconds, rounded up", () => {
  const error = new CircuitOpenError("Pinpoint", "us-east-1", 4990.268479);
  expect(error.retryAfterMs).toBe(4991);
  expect(error.message).toBe("smithy-resilience: circuit open for Pinpoint in us-east-1; retry after 4991 ms");
  expect(new CircuitOpenError("Pinpoint", "us-east-1", 4000).retryAfterMs).toBe(4000);
  expect(new CircuitOpenError("Pinpoint", "us-east-1", 0.2).retryAfterMs).toBe(1);
});

test("instanceof narrows the type", () => {
  const caught: unknown = new CircuitOpenError("SMS Voice", "eu-west-1", 5);
  if (!(caught instanceof CircuitOpenError)) throw new Error("expected a CircuitOpenError");
  // Compiles only if `caught` is narrowed to CircuitOpenError.
  expect([caught.service, caught.region, caught.retryAfterMs]).toEqual(["SMS Voice", "eu-west-1", 5]);
});
