import { createSeededRandom } from "../../src/testing";

const take = (random: () => number, count: number) => Array.from({ length: count }, () => random());

test("the same seed gives the same sequence", () => {
  expect(take(createSeededRandom(42), 100)).toEqual(take(createSeededRandom(42), 100));
});

test("different seeds give different sequences", () => {
  expect(take(createSeededRandom(1), 10)).not.toEqual(take(createSeededRandom(2), 10));
});

test("numbers are in [0, 1) and spread evenly", () => {
  const values = take(createSeededRandom(7), 10_000);

  expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
  expect(Math.max(...values)).toBeLessThan(1);
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  expect(mean).toBeGreaterThan(0.48);
  expect(mean).toBeLessThan(0.52);
});
