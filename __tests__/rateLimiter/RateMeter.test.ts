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

  test("counts the window's events, and a recent rate over the slots back from one span ago", () => {
    const meter = new RateMeter(100, 10, 100);
    for (let t = 0; t < 1000; t += 10) meter.record(t); // 100/s for a second
    for (let t = 1000; t < 1050; t += 1) meter.record(t); // then 1,000/s for 50 ms
    expect(meter.count(1050)).toBe(140); // the window starts at 100: the first 10 events have left it
    // The last 100 ms reach back to the start of the slot holding 950: 10 + 50 events over 150 ms.
    expect(meter.recentCount(1050, 100)).toBe(60);
    expect(meter.recentRate(1050, 100)).toBeCloseTo(400, 5);
    // Over the last second, the burst hardly shows.
    expect(meter.recentRate(1050, 1000)).toBeCloseTo(140 / 1.05, 5);
  });

  test("a recent rate is never over less than the minimum span, nor reaches before the first event", () => {
    const meter = new RateMeter(100, 10, 100);
    for (let i = 0; i < 30; i++) meter.record(5000);
    expect(meter.recentRate(5002, 1000)).toBe(300);
    expect(meter.recentCount(5002, 1000)).toBe(30);
    expect(new RateMeter(100, 10, 100).recentRate(0, 100)).toBe(0);
  });

  test("works on clocks that start at negative or zero times", () => {
    const meter = new RateMeter(100, 10, 100);
    for (let t = -500; t < 500; t += 10) meter.record(t);
    expect(meter.rate(500)).toBeCloseTo(100, -1);
  });
});
