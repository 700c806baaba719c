/**
 * `r.snapshot()` and what it reads, on a fake clock: per route (least recently used first), the breaker's
 * state and window, the budget, the pacing of each quota. Reading changes nothing: no route moves in the
 * LRU, no breaker changes state, no event is emitted.
 */
import { createResilience } from "../../src";
import type { CircuitBreakerOptions, CircuitState } from "../../src";
import { CircuitBreaker } from "../../src/breaker/CircuitBreaker";
import type { CircuitBreakerPolicy } from "../../src/breaker/CircuitBreaker";
import { resolveOptions } from "../../src/options";
import { resolveLimiterOptions } from "../../src/rateLimiter";
import { Routes } from "../../src/routes";
import type { RoutesSettings } from "../../src/routes";

/** A breaker policy with the defaults of everything else (how long it stays open is the breaker's business). */
const breakerPolicy = (options: CircuitBreakerOptions) => resolveOptions({ circuitBreaker: options }).circuitBreaker as CircuitBreakerPolicy;
const policy = breakerPolicy({ consecutiveFailures: 2 });

/** A clock the test moves by hand; a pacing wait never ends, so waiters stay queued. */
function fakeClock() {
  const clock = { t: 0, now: () => clock.t, sleep: () => new Promise<void>(() => undefined) };
  return clock;
}

function routes(clock = fakeClock(), overrides: Partial<RoutesSettings> = {}) {
  const changes: string[] = [];
  const r = new Routes({
    breaker: policy,
    budget: { capacity: 100, everyService: false },
    limiter: resolveLimiterOptions({ clock, sleep: clock.sleep }),
    onCircuitStateChange: (_key, from: CircuitState, to: CircuitState) => void changes.push(`${from}->${to}`),
    ...overrides,
  });
  return { routes: r, clock, changes };
}

const A = "https://a.example";
const B = "https://b.example";

describe("CircuitBreaker.view", () => {
  test("closed: no retry-after, the window's outcomes (neutral ones are not recorded)", () => {
    const breaker = new CircuitBreaker(breakerPolicy({ consecutiveFailures: 10 }), () => undefined);
    breaker.record(0, "success");
    breaker.record(10, "failure");
    breaker.record(20, "neutral");
    expect(breaker.view(30)).toEqual({ state: "closed", retryAfterMs: 0, attempts: 2, failures: 1 });
    // Outcomes leave the window after 10 s.
    expect(breaker.view(10_500)).toEqual({ state: "closed", retryAfterMs: 0, attempts: 0, failures: 0 });
  });

  test("open: the retry-after of a refusal, counting down; reading changes no state and emits no event", () => {
    const changes: string[] = [];
    const breaker = new CircuitBreaker(policy, (from, to) => changes.push(`${from}->${to}`));
    breaker.record(0, "failure");
    breaker.record(100, "failure");
    expect(changes).toEqual(["closed->open"]);
    const refusal = breaker.tryAcquire(100);
    expect(refusal.admitted).toBe(false);
    const retryAfterMs = refusal.admitted ? 0 : refusal.retryAfterMs;
    expect(retryAfterMs).toBeGreaterThan(100);
    expect(breaker.view(100)).toEqual({ state: "open", retryAfterMs, attempts: 2, failures: 2 });
    expect(breaker.view(150)).toMatchObject({ state: "open", retryAfterMs: retryAfterMs - 50 });
    for (const later of [100 + retryAfterMs, 100_000]) expect(breaker.view(later).retryAfterMs).toBe(0);
    expect(changes).toEqual(["closed->open"]);
  });
});

describe("Routes.snapshot", () => {
  test("empty before any route", () => {
    expect(routes().routes.snapshot(0)).toEqual([]);
  });

  test("a fresh route: closed, a full budget, not pacing, nothing recent", () => {
    const { routes: r } = routes();
    r.for("Pinpoint", "us-east-1", A);
    expect(r.snapshot(0)).toEqual([
      {
        service: "Pinpoint",
        region: "us-east-1",
        endpoint: A,
        breaker: { state: "closed", retryAfterMs: 0 },
        budget: { available: 100, capacity: 100 },
        pacing: { ratePerSecond: undefined, queueDepth: 0 },
        recent: { attempts: 0, failures: 0 },
      },
    ]);
  });

  test("features that are off are left out", () => {
    const { routes: r } = routes(undefined, { breaker: undefined, budget: undefined, limiter: undefined });
    r.for("Pinpoint", "us-east-1", A);
    expect(r.snapshot(0)).toEqual([{ service: "Pinpoint", region: "us-east-1", endpoint: A }]);
  });

  test("least recently used first; reading moves nothing in the LRU", () => {
    const { routes: r } = routes(undefined, { maxRoutes: 2 });
    r.for("Pinpoint", "us-east-1", A);
    r.for("Pinpoint", "us-east-1", B);
    r.for("Pinpoint", "us-east-1", A);
    const order = () => r.snapshot(0).map((route) => route.endpoint);
    expect(order()).toEqual([B, A]);
    expect(order()).toEqual([B, A]);
    // B is still the least recently used: a third route evicts it.
    r.for("PinpointSMSVoiceV2", "us-east-1", A);
    expect(r.snapshot(0).map((route) => `${route.service} ${route.endpoint}`)).toEqual([`Pinpoint ${A}`, `PinpointSMSVoiceV2 ${A}`]);
  });

  test("breaker, window and budget of a route; the budget is shared by the service and region", () => {
    const { routes: r, clock, changes } = routes();
    const a = r.for("Pinpoint", "us-east-1", A);
    r.for("Pinpoint", "us-east-1", B);
    a.breaker?.record(0, "failure");
    a.breaker?.record(100, "failure");
    a.budget?.tryWithdraw(14);
    clock.t = 200;
    const [snapA, snapB] = [...r.snapshot(clock.t)].sort((x, y) => x.endpoint.localeCompare(y.endpoint));
    expect(snapA).toMatchObject({ breaker: { state: "open" }, recent: { attempts: 2, failures: 2 }, budget: { available: 86, capacity: 100 } });
    expect(snapA.breaker?.retryAfterMs).toBeGreaterThan(0);
    expect(snapB).toMatchObject({ breaker: { state: "closed", retryAfterMs: 0 }, recent: { attempts: 0, failures: 0 }, budget: { available: 86, capacity: 100 } });
    r.snapshot(100_000);
    expect(changes).toEqual(["closed->open"]);
  });

  test("pacing: the service's quota and, apart, the quotas of operations metered on their own", () => {
    const { routes: r, clock } = routes();
    const route = r.for("Pinpoint", "us-east-1", A);
    const service = route.limiterFor("GetApps", false);
    const sendMessages = route.limiterFor("SendMessages", true);
    expect(r.snapshot(0)[0].pacing).toEqual({
      ratePerSecond: undefined,
      queueDepth: 0,
      operations: { SendMessages: { ratePerSecond: undefined, queueDepth: 0 } },
    });
    // Three sends at once throttled on SendMessages (a saturated quota, not a stray throttle) pace its quota
    // only; a send at once finds no token and waits.
    for (let i = 0; i < 3; i++) sendMessages?.acquire();
    for (let i = 0; i < 3; i++) sendMessages?.onResponse({ throttled: true });
    expect(sendMessages?.acquire()).toBeInstanceOf(Promise);
    clock.t = 10;
    const pacing = r.snapshot(clock.t)[0].pacing;
    expect(pacing?.ratePerSecond).toBeUndefined();
    expect(pacing?.queueDepth).toBe(0);
    expect(pacing?.operations?.SendMessages.ratePerSecond).toBeGreaterThan(0);
    expect(pacing?.operations?.SendMessages.queueDepth).toBe(1);
    for (let i = 0; i < 3; i++) service?.acquire();
    for (let i = 0; i < 3; i++) service?.onResponse({ throttled: true });
    expect(r.snapshot(clock.t)[0].pacing?.ratePerSecond).toBeGreaterThan(0);
  });
});

describe("r.snapshot()", () => {
  test("takenAt from the clock's epochMs; plain JSON data", () => {
    const r = createResilience({ clock: { epochMs: () => 1_700_000_000_000 } });
    const snapshot = r.snapshot();
    expect(snapshot).toEqual({ takenAt: 1_700_000_000_000, routes: [] });
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
  });

  test("a bound function: it works detached, and every call returns a new object", () => {
    const { snapshot } = createResilience();
    const first = snapshot();
    expect(first.routes).toEqual([]);
    expect(snapshot()).not.toBe(first);
  });

  test("the strategy used alone keeps its budgets on a route to an unknown region and endpoint", () => {
    const r = createResilience({ clock: { epochMs: () => 0 } });
    expect(r.retryStrategy.availableBudget("Pinpoint", "unknown")).toBe(500);
    expect(r.snapshot().routes).toEqual([expect.objectContaining({ service: "Pinpoint", region: "unknown", endpoint: "unknown", budget: { available: 500, capacity: 500 } })]);
  });
});
