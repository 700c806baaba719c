import { CallRegistry } from "../../src/callRegistry";
import type { CallState } from "../../src/callState";

const call = (name: string) => ({ operation: name }) as unknown as CallState;

describe("CallRegistry", () => {
  test("a registered call is found by its key, also with the SDK's long-poll suffix; a released one is not", () => {
    const registry = new CallRegistry();
    const a = call("a");
    const key = registry.register(a);
    expect(registry.lookup(key)).toBe(a);
    expect(registry.lookup(`${key}:longpoll`)).toBe(a);
    registry.release(key);
    expect(registry.lookup(key)).toBeUndefined();
    expect(registry.lookup(`${key}:longpoll`)).toBeUndefined();
  });

  test("concurrent calls get distinct keys; a released key serves the next call, once", () => {
    const registry = new CallRegistry();
    const [a, b, c, d] = ["a", "b", "c", "d"].map(call);
    const keyA = registry.register(a);
    const keyB = registry.register(b);
    expect(keyA).not.toBe(keyB);
    registry.release(keyA);
    registry.release(keyA); // a second release must not hand the key out twice
    const keyC = registry.register(c);
    const keyD = registry.register(d);
    expect(keyC).toBe(keyA);
    expect(new Set([keyB, keyC, keyD]).size).toBe(3);
    expect([registry.lookup(keyB), registry.lookup(keyC), registry.lookup(keyD)]).toEqual([b, c, d]);
  });

  test("scopes it did not hand out are not its calls", () => {
    const registry = new CallRegistry();
    expect(registry.lookup(undefined)).toBeUndefined();
    expect(registry.lookup("")).toBeUndefined();
    expect(registry.lookup("some-partition")).toBeUndefined();
  });
});
