import type { Call } from "../../src/call";
import { CallHandOff } from "../../src/callHandOff";

const call = (name: string) => ({ operation: name }) as unknown as Call;

describe("CallHandOff", () => {
  test("a registered call is found by its key, also with the SDK's long-poll suffix; a released one is not", () => {
    const handOff = new CallHandOff();
    const a = call("a");
    const key = handOff.register(a);
    expect(handOff.lookup(key)).toBe(a);
    expect(handOff.lookup(`${key}:longpoll`)).toBe(a);
    handOff.release(key);
    expect(handOff.lookup(key)).toBeUndefined();
    expect(handOff.lookup(`${key}:longpoll`)).toBeUndefined();
  });

  test("rounds in flight at once get distinct keys, each finding its own call", () => {
    const handOff = new CallHandOff();
    const calls = ["a", "b", "c", "d"].map(call);
    const keys = calls.map((c) => handOff.register(c));
    expect(new Set(keys).size).toBe(4);
    keys.forEach((key, i) => expect(handOff.lookup(key)).toBe(calls[i]));
  });

  test("a finished round's key goes to a later round, and then finds that round's call; releasing twice frees it once", () => {
    const handOff = new CallHandOff();
    const [a, b, c, d] = ["a", "b", "c", "d"].map(call);
    const keyA = handOff.register(a);
    const keyB = handOff.register(b);
    handOff.release(keyA);
    handOff.release(keyA);
    const keyC = handOff.register(c);
    expect(keyC).toBe(keyA);
    const keyD = handOff.register(d);
    expect(new Set([keyB, keyC, keyD]).size).toBe(3);
    expect([handOff.lookup(keyB), handOff.lookup(keyC), handOff.lookup(keyD)]).toEqual([b, c, d]);
  });

  test("keys stay as many as rounds were in flight at once, however many rounds pass", () => {
    const handOff = new CallHandOff();
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const first = handOff.register(call(`first${i}`));
      const second = handOff.register(call(`second${i}`));
      seen.add(first).add(second);
      handOff.release(second);
      handOff.release(first);
    }
    expect(seen.size).toBe(2);
  });

  test("scopes it did not hand out are not its calls", () => {
    const handOff = new CallHandOff();
    expect(handOff.lookup(undefined)).toBeUndefined();
    expect(handOff.lookup("")).toBeUndefined();
    expect(handOff.lookup("some-partition")).toBeUndefined();
  });

  test("a free context takes the key; one held by a round in flight (cacheMiddleware) lends itself to a copy, untouched", () => {
    const shared = { clientName: "PinpointClient" } as { clientName: string; partition_id?: string };
    expect(CallHandOff.contextFor(shared, "smithy-resilience#1")).toBe(shared);
    expect(shared.partition_id).toBe("smithy-resilience#1");
    const second = CallHandOff.contextFor(shared, "smithy-resilience#2");
    const third = CallHandOff.contextFor(shared, "smithy-resilience#3");
    expect([second.partition_id, third.partition_id, shared.partition_id]).toEqual(["smithy-resilience#2", "smithy-resilience#3", "smithy-resilience#1"]);
    expect(second.clientName).toBe("PinpointClient");
  });

  test("a round gives back the context it took the key on: the next send on it finds it free; a copy's round changes nothing", () => {
    const shared = { clientName: "PinpointClient" } as { clientName: string; partition_id?: string };
    CallHandOff.contextFor(shared, "smithy-resilience#1");
    const copy = CallHandOff.contextFor(shared, "smithy-resilience#2");
    CallHandOff.giveBack(shared, "smithy-resilience#2"); // the copy's round ends first
    expect(shared.partition_id).toBe("smithy-resilience#1");
    expect(copy.partition_id).toBe("smithy-resilience#2");
    CallHandOff.giveBack(shared, "smithy-resilience#1");
    expect(shared.partition_id).toBeUndefined();
    expect(CallHandOff.contextFor(shared, "smithy-resilience#1")).toBe(shared);
  });
});
