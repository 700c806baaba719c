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

  test("concurrent calls get distinct keys, each finding its own call; a released key is never handed out again", () => {
    const handOff = new CallHandOff();
    const [a, b, c] = ["a", "b", "c"].map(call);
    const keyA = handOff.register(a);
    const keyB = handOff.register(b);
    handOff.release(keyA);
    const keyC = handOff.register(c);
    expect(new Set([keyA, keyB, keyC]).size).toBe(3);
    expect([handOff.lookup(keyA), handOff.lookup(keyB), handOff.lookup(keyC)]).toEqual([undefined, b, c]);
  });

  test("scopes it did not hand out are not its calls", () => {
    const handOff = new CallHandOff();
    expect(handOff.lookup(undefined)).toBeUndefined();
    expect(handOff.lookup("")).toBeUndefined();
    expect(handOff.lookup("some-partition")).toBeUndefined();
  });

  test("a send's own context takes the key; a context used again (cacheMiddleware) gets a copy, the shared one untouched", () => {
    const shared = { clientName: "PinpointClient" } as { clientName: string; partition_id?: string };
    expect(CallHandOff.contextFor(shared, "smithy-resilience#1")).toBe(shared);
    expect(shared.partition_id).toBe("smithy-resilience#1");
    const second = CallHandOff.contextFor(shared, "smithy-resilience#2");
    const third = CallHandOff.contextFor(shared, "smithy-resilience#3");
    expect([second.partition_id, third.partition_id, shared.partition_id]).toEqual(["smithy-resilience#2", "smithy-resilience#3", "smithy-resilience#1"]);
    expect(second.clientName).toBe("PinpointClient");
  });
});
