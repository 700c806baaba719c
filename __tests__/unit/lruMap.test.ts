import { LruMap } from "../../src/lruMap";

describe("LruMap", () => {
  test("keeps at most maxSize entries, evicting the oldest and reporting it", () => {
    const evicted: string[] = [];
    const lru = new LruMap<string, number>(2, (key, value) => evicted.push(`${key}=${value}`));
    lru.set("a", 1);
    lru.set("b", 2);
    lru.set("c", 3);
    expect(lru.size).toBe(2);
    expect(evicted).toEqual(["a=1"]);
    expect(lru.get("a")).toBeUndefined();
    expect([...lru.keys()]).toEqual(["b", "c"]);
  });

  test("get makes an entry the most recently used, so it survives the next eviction", () => {
    const lru = new LruMap<string, number>(2);
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.get("a")).toBe(1);
    expect([...lru.keys()]).toEqual(["b", "a"]);
    lru.set("c", 3);
    expect([...lru.keys()]).toEqual(["a", "c"]);
    expect(lru.get("b")).toBeUndefined();
  });

  test("has does not change recency; set of a held key replaces it as the newest without evicting", () => {
    const evicted: string[] = [];
    const lru = new LruMap<string, number>(2, (key) => evicted.push(key));
    lru.set("a", 1);
    lru.set("b", 2);
    expect(lru.has("a")).toBe(true);
    expect([...lru.keys()]).toEqual(["a", "b"]);
    lru.set("a", 10);
    expect(evicted).toEqual([]);
    expect([...lru.keys()]).toEqual(["b", "a"]);
    expect(lru.get("a")).toBe(10);
  });

  test("an undefined value is held and read back", () => {
    const lru = new LruMap<string, number | undefined>(2);
    lru.set("a", undefined);
    lru.set("b", 2);
    expect(lru.has("a")).toBe(true);
    expect(lru.get("a")).toBeUndefined();
    // Reading "a" made it the newest: "b" goes first.
    lru.set("c", 3);
    expect([...lru.keys()]).toEqual(["a", "c"]);
  });

  test("delete removes without calling onEvict", () => {
    const onEvict = jest.fn();
    const lru = new LruMap<string, number>(2, onEvict);
    lru.set("a", 1);
    expect(lru.delete("a")).toBe(true);
    expect(lru.delete("a")).toBe(false);
    expect(lru.size).toBe(0);
    expect(onEvict).not.toHaveBeenCalled();
  });

  test("maxSize 1 keeps only the last entry", () => {
    const lru = new LruMap<number, number>(1);
    for (let i = 0; i < 5; i++) lru.set(i, i);
    expect([...lru.keys()]).toEqual([4]);
  });

  test("stays at its bound over 100k distinct keys", () => {
    let evictions = 0;
    const lru = new LruMap<string, object>(100, () => evictions++);
    for (let i = 0; i < 100_000; i++) lru.set(`key${i}`, {});
    expect(lru.size).toBe(100);
    expect(evictions).toBe(100_000 - 100);
    expect(lru.get("key99999")).toBeDefined();
    expect(lru.get("key99899")).toBeUndefined();
  });

  test.each([0, -1, 1.5, Number.NaN, Infinity])("refuses maxSize %p", (maxSize) => {
    expect(() => new LruMap(maxSize)).toThrow(RangeError);
  });
});
