import { RateMeter } from "../../src/rateLimiter/RateMeter";

describe("RateMeter", () => {
  test("reports 0 before the first event", () => {
    expect(new RateMeter(100, 10, 100).rate(5000)).toBe(0);
  });

  test("counts events per second over a full window", () => {
    const meter = new RateMeter(100, 10, 100);
    for (let t = 0; t < 3000; t += 5) meter.record(t); // 200/s
    expect(meter.rate(3000)).toBeCloseTo(200, -1);
  });

  test("a burst right after start is spread over the minimum span, not over a few ms", () => {
    const meter = new RateMeter(100, 10, 100);
    for (let i = 0; i < 30; i++) meter.record(1000);
    expect(meter.rate(1002)).toBe(300);
  });

  test("forgets events that left the window", () => {
    const meter = new RateMeter(100, 10, 100);
    for (let t = 0; t < 1000; t += 1) meter.record(t);
    expect(meter.rate(1000)).toBeGreaterThan(900);
    expect(meter.rate(2500)).toBe(0);
    meter.record(2500);
    expect(meter.rate(2500)).toBeCloseTo(1, 0);
  });

  test("works on clocks that start at negative or zero times", () => {
    const meter = new RateMeter(100, 10, 100);
    for (let t = -500; t < 500; t += 10) meter.record(t);
    expect(meter.rate(500)).toBeCloseTo(100, -1);
  });
});
