/**
 * The layers watch the promise the SDK awaits instead of wrapping it: the handlers must run before the
 * SDK's own continuation (the strategy reads what the attempt layer recorded), the promise must pass
 * through untouched, and a handler that throws must neither change the outcome nor leave an unhandled
 * rejection behind.
 */
import { started, watch } from "../../src/middleware/watch";

function unhandledRejections(): { seen: unknown[]; stop(): void } {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  process.on("unhandledRejection", listener);
  return { seen, stop: () => process.off("unhandledRejection", listener) };
}

const ticks = () => new Promise((resolve) => setImmediate(resolve));

test("returns the same promise; on success its handler runs before an await of it resumes", async () => {
  const order: string[] = [];
  const pending = Promise.resolve(42);
  const watched = watch(
    pending,
    (value) => order.push(`watched ${value}`),
    () => order.push("rejected"),
    () => order.push("bug"),
  );
  expect(watched).toBe(pending);
  order.push(`awaited ${await watched}`);
  expect(order).toEqual(["watched 42", "awaited 42"]);
});

test("on failure the handler runs before the awaiting catch, and the rejection passes unchanged", async () => {
  const order: string[] = [];
  const failure = new Error("service said no");
  const watched = watch(
    Promise.reject(failure),
    () => order.push("fulfilled"),
    (error) => order.push(`watched ${(error as Error).message}`),
    () => order.push("bug"),
  );
  await expect(watched).rejects.toBe(failure);
  order.push("caught");
  expect(order).toEqual(["watched service said no", "caught"]);
});

test("the handler of a pending promise runs before the awaiter, however long it waits", async () => {
  const order: string[] = [];
  let resolve: (value: string) => void = () => undefined;
  const pending = new Promise<string>((r) => (resolve = r));
  const awaiter = (async () => order.push(`awaited ${await watch(pending, (v) => order.push(`watched ${v}`), () => undefined, () => undefined)}`))();
  await ticks();
  expect(order).toEqual([]);
  resolve("late");
  await awaiter;
  expect(order).toEqual(["watched late", "awaited late"]);
});

test.each([
  ["fulfilled", () => Promise.resolve("ok")],
  ["rejected", () => Promise.reject(new Error("no"))],
])("a handler that throws on a %s promise goes to onBug: the outcome stands, no unhandled rejection", async (label, settle) => {
  const rejections = unhandledRejections();
  const bugs: unknown[] = [];
  const bookkeepingBug = new Error("bookkeeping bug");
  const watched = watch(
    settle() as Promise<string>,
    () => {
      throw bookkeepingBug;
    },
    () => {
      throw bookkeepingBug;
    },
    (bug) => bugs.push(bug),
  );
  const outcome = await watched.then(
    (value) => ({ value }),
    (error: Error) => ({ error: error.message }),
  );
  await ticks();
  rejections.stop();
  expect(outcome).toEqual(label === "fulfilled" ? { value: "ok" } : { error: "no" });
  expect(bugs).toEqual([bookkeepingBug]);
  expect(rejections.seen).toEqual([]);
});

test("started: a send that throws synchronously becomes a rejected promise, as an async middleware's would", async () => {
  const failure = new Error("thrown before any await");
  const send = () => {
    throw failure;
  };
  const sending = started(send);
  expect(sending).toBeInstanceOf(Promise);
  await expect(sending).rejects.toBe(failure);
  await expect(started(() => Promise.resolve("sent"))).resolves.toBe("sent");
});
