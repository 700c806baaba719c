/**
 * `DeadlineExceededError`: `instanceof` across copies of the class (the package's CJS and ESM bundles each
 * carry one), whole-millisecond figures, and a `$metadata` that keeps what was sent.
 */
import { DeadlineExceededError } from "../../src/DeadlineExceededError";

/** A second, separately evaluated copy of the module, as the other bundle would be. */
function otherCopy(): typeof DeadlineExceededError {
  let copy: typeof DeadlineExceededError | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    copy = (require("../../src/DeadlineExceededError") as { DeadlineExceededError: typeof DeadlineExceededError }).DeadlineExceededError;
  });
  return copy as typeof DeadlineExceededError;
}

const make = (Class = DeadlineExceededError) => new Class("Pinpoint", "GetApp", 50, 120.2, 3.7, { attempts: 1, totalRetryDelay: 12 });

test("instanceof holds across two copies of the class, both ways, and not for look-alikes", () => {
  const Other = otherCopy();
  expect(Other).not.toBe(DeadlineExceededError);
  expect(make(Other)).toBeInstanceOf(DeadlineExceededError);
  expect(make()).toBeInstanceOf(Other);
  expect(make()).toBeInstanceOf(Error);
  for (const value of [new Error("x"), { name: "DeadlineExceededError" }, null, undefined, 0]) expect(value instanceof DeadlineExceededError).toBe(false);
  expect(Object.getOwnPropertySymbols(make())).toEqual([]);
});

test("its message names the predicted wait and the deadline, in whole milliseconds, and no request content", () => {
  const error = make();
  expect(error.name).toBe("DeadlineExceededError");
  expect(error.predictedWaitMs).toBe(121);
  expect(error.elapsedMs).toBe(3);
  expect(error.message).toBe("smithy-resilience: Pinpoint.GetApp would wait 121 ms for its turn under the rate limiter after 3 ms, past its deadline of 50 ms; not sent");
});

test("$metadata keeps the requests sent: the SDK's writes on the rethrown error are ignored", () => {
  const error = make();
  const metadata = error.$metadata as { attempts: number; totalRetryDelay: number };
  metadata.attempts = 2;
  metadata.totalRetryDelay = 99;
  expect(error.$metadata).toEqual({ attempts: 1, totalRetryDelay: 12 });
  expect(JSON.parse(JSON.stringify(error.$metadata))).toEqual({ attempts: 1, totalRetryDelay: 12 });
});
