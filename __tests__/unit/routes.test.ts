import type { CircuitBreakerPolicy } from "../../src/breaker/CircuitBreaker";
import { resolveLimiterOptions } from "../../src/rateLimiter";
import { DEFAULT_MAX_ROUTES } from "../../src/constants";
import { Routes } from "../../src/routes";
import type { RouteKey, RoutesSettings } from "../../src/routes";
import type { CircuitState } from "../../src";

const policy: CircuitBreakerPolicy = { consecutiveFailures: 2, probeIntervalMs: 500, closeAfterSuccesses: 1 };
const clock = { now: () => 0 };

/** Everything on, unless `overrides` says otherwise. */
function routes(overrides: Partial<RoutesSettings> = {}): Routes {
  return new Routes({ breaker: policy, budget: { capacity: 100, everyService: false }, limiter: resolveLimiterOptions({ clock }), ...overrides });
}

const A = "https://a.example";
const B = "https://b.example";

describe("Routes: what routes share", () => {
  test("the same service, region and endpoint give the same route and breaker", () => {
    const r = routes();
    const first = r.for("pinpoint", "us-east-1", A);
    const again = r.for("pinpoint", "us-east-1", A);
    expect(again).toBe(first);
    expect(again.breaker).toBe(first.breaker);
    expect(first).toMatchObject({ service: "pinpoint", region: "us-east-1", endpoint: A });
  });

  test("endpoints of one service and region share the budget and limiter, not the breaker", () => {
    const r = routes();
    const a = r.for("pinpoint", "us-east-1", A);
    const b = r.for("pinpoint", "us-east-1", B);
    expect(a.breaker).toBeDefined();
    expect(b.breaker).not.toBe(a.breaker);
    expect(a.budget).toBeDefined();
    expect(b.budget).toBe(a.budget);
    expect(a.limiterFor("GetApps", false)).toBeDefined();
    expect(b.limiterFor("GetApps", false)).toBe(a.limiterFor("GetApps", false));
    // Another operation on the service's quota draws on the same limiter.
    expect(a.limiterFor("GetApp", false)).toBe(a.limiterFor("GetApps", false));
  });

  test("another region or service has its own budget and limiter", () => {
    const r = routes();
    const east = r.for("pinpoint", "us-east-1", A);
    const west = r.for("pinpoint", "us-west-2", A);
    const sms = r.for("sms-voice", "us-east-1", A);
    expect(west.budget).not.toBe(east.budget);
    expect(sms.budget).not.toBe(east.budget);
    expect(west.limiterFor("GetApps", false)).not.toBe(east.limiterFor("GetApps", false));
    expect(sms.limiterFor("GetApps", false)).not.toBe(east.limiterFor("GetApps", false));
  });

  test("an operation metered separately has its own limiter, shared across the endpoints of its service and region", () => {
    const r = routes();
    const a = r.for("pinpoint-sms-voice-v2", "us-east-1", A);
    const b = r.for("pinpoint-sms-voice-v2", "us-east-1", B);
    const shared = a.limiterFor("DescribeAccountLimits", false);
    const sendA = a.limiterFor("SendTextMessage", true);
    expect(sendA).toBeDefined();
    expect(sendA).not.toBe(shared);
    expect(b.limiterFor("SendTextMessage", true)).toBe(sendA);
    expect(a.limiterFor("SendVoiceMessage", true)).not.toBe(sendA);
    expect(r.for("pinpoint-sms-voice-v2", "eu-west-1", A).limiterFor("SendTextMessage", true)).not.toBe(sendA);
  });

  test("budgetFor gives the budget the routes of that service and region use", () => {
    const r = routes();
    const budget = r.budgetFor("pinpoint", "us-east-1");
    expect(budget).toBeDefined();
    expect(r.for("pinpoint", "us-east-1", A).budget).toBe(budget);
    expect(r.budgetFor("pinpoint", "us-east-1")).toBe(budget);
    expect(r.budgetFor("pinpoint", "us-west-2")).not.toBe(budget);
  });
});

describe("Routes: features off", () => {
  test("no breaker, budget or limiter when each is off", () => {
    const r = new Routes({});
    const route = r.for("pinpoint", "us-east-1", A);
    expect(route.breaker).toBeUndefined();
    expect(route.budget).toBeUndefined();
    expect(route.limiterFor("GetApps", false)).toBeUndefined();
    expect(route.limiterFor("SendMessages", true)).toBeUndefined();
    expect(r.budgetFor("pinpoint", "us-east-1")).toBeUndefined();
  });

  test("each feature is off on its own", () => {
    const noBreaker = routes({ breaker: undefined }).for("pinpoint", "us-east-1", A);
    expect(noBreaker.breaker).toBeUndefined();
    expect(noBreaker.budget).toBeDefined();
    expect(noBreaker.limiterFor("GetApps", false)).toBeDefined();

    const noBudget = routes({ budget: undefined });
    expect(noBudget.for("pinpoint", "us-east-1", A).budget).toBeUndefined();
    expect(noBudget.budgetFor("pinpoint", "us-east-1")).toBeUndefined();

    const noLimiter = routes({ limiter: undefined }).for("pinpoint", "us-east-1", A);
    expect(noLimiter.limiterFor("GetApps", false)).toBeUndefined();
    expect(noLimiter.limiterFor("SendMessages", true)).toBeUndefined();
    expect(noLimiter.breaker).toBeDefined();
  });

  test("the budget has the configured capacity", () => {
    const budget = routes({ budget: { capacity: 30, everyService: false } }).budgetFor("pinpoint", "us-east-1");
    expect(budget?.available).toBe(30);
  });

  test("by default, no budget for a service whose SDK client keeps none (SMS Voice v1); given explicitly, one for every service", () => {
    const byDefault = routes({ budget: { capacity: 30, everyService: false } });
    expect(byDefault.for("PinpointSMSVoice", "us-east-1", A).budget).toBeUndefined();
    expect(byDefault.budgetFor("PinpointSMSVoice", "us-east-1")).toBeUndefined();
    expect(byDefault.for("Pinpoint", "us-east-1", A).budget?.available).toBe(30);
    expect(byDefault.for("PinpointSMSVoiceV2", "us-east-1", A).budget?.available).toBe(30);
    expect(byDefault.for("SomeOtherService", "us-east-1", A).budget?.available).toBe(30);

    const explicit = routes({ budget: { capacity: 30, everyService: true } });
    expect(explicit.for("PinpointSMSVoice", "us-east-1", A).budget?.available).toBe(30);
  });
});

describe("Routes: breaker state changes", () => {
  test("the callback receives the key of the route whose breaker changed", () => {
    const changes: Array<{ key: RouteKey; from: CircuitState; to: CircuitState }> = [];
    const r = routes({ onCircuitStateChange: (key, from, to) => changes.push({ key, from, to }) });
    r.for("pinpoint", "us-east-1", A);
    const b = r.for("pinpoint", "us-east-1", B);
    b.breaker?.record(0, "failure");
    b.breaker?.record(1, "failure");
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ from: "closed", to: "open" });
    expect(changes[0].key).toMatchObject({ service: "pinpoint", region: "us-east-1", endpoint: B });
  });

  test("no callback is fine", () => {
    const breaker = new Routes({ breaker: policy }).for("pinpoint", "us-east-1", A).breaker;
    expect(() => {
      breaker?.record(0, "failure");
      breaker?.record(1, "failure");
    }).not.toThrow();
    expect(breaker?.stateAt(1)).toBe("open");
  });
});

describe("Routes: bounded memory", () => {
  test("the default bound", () => {
    expect(DEFAULT_MAX_ROUTES).toBe(1000);
    const r = routes();
    for (let i = 0; i < DEFAULT_MAX_ROUTES + 10; i++) r.for("pinpoint", "us-east-1", `https://h${i}.example`);
    expect(r.routeCount).toBe(DEFAULT_MAX_ROUTES);
  });

  test("beyond maxRoutes the least recently used route is forgotten: a recently used one survives", () => {
    const r = routes({ maxRoutes: 2 });
    const a = r.for("pinpoint", "us-east-1", A);
    const b = r.for("pinpoint", "us-east-1", B);
    expect(r.for("pinpoint", "us-east-1", A)).toBe(a); // a is now the most recent
    r.for("pinpoint", "us-east-1", "https://c.example"); // evicts b
    expect(r.routeCount).toBe(2);
    expect(r.for("pinpoint", "us-east-1", A)).toBe(a);
    const newB = r.for("pinpoint", "us-east-1", B);
    expect(newB).not.toBe(b);
    expect(newB.breaker).not.toBe(b.breaker);
  });

  test("a route evicted while a call holds it keeps working with the objects it had", () => {
    const r = routes({ maxRoutes: 1 });
    const held = r.for("pinpoint", "us-east-1", A);
    const { breaker, budget } = held;
    const limiter = held.limiterFor("GetApps", false);
    r.for("sms-voice", "eu-west-1", B); // evicts held, and the pinpoint us-east-1 state with it
    expect(r.routeCount).toBe(1);
    expect(r.serviceRegionCount).toBe(1);
    expect(held.breaker).toBe(breaker);
    expect(held.budget).toBe(budget);
    expect(held.limiterFor("GetApps", false)).toBe(limiter);
    expect(held.limiterFor("SendMessages", true)).toBeDefined();
    expect(held.budget?.tryWithdraw(5)).toBe(true);
    expect(held.breaker?.tryAcquire(0)).toMatchObject({ admitted: true });
    expect(held.limiterFor("GetApps", false)?.acquire()).toBeUndefined();
  });

  test("a service+region's state lives while any kept route refers to it", () => {
    const r = routes({ maxRoutes: 2 });
    const a = r.for("pinpoint", "us-east-1", A);
    r.for("pinpoint", "us-east-1", B);
    expect(r.serviceRegionCount).toBe(1);
    r.for("pinpoint", "us-east-1", "https://c.example"); // evicts A; B still refers to the state
    expect(r.serviceRegionCount).toBe(1);
    expect(r.for("pinpoint", "us-east-1", B).budget).toBe(a.budget);
    r.for("sms-voice", "us-east-1", A);
    r.for("sms-voice", "us-east-1", B); // both pinpoint routes gone
    expect(r.serviceRegionCount).toBe(1);
    expect(r.for("pinpoint", "us-east-1", A).budget).not.toBe(a.budget);
  });

  test("with maxRoutes 1, replacing a route by another of the same service+region keeps the shared state", () => {
    const r = routes({ maxRoutes: 1 });
    const a = r.for("pinpoint", "us-east-1", A);
    const b = r.for("pinpoint", "us-east-1", B);
    expect(b.budget).toBe(a.budget);
    expect(b.limiterFor("GetApps", false)).toBe(a.limiterFor("GetApps", false));
    expect(r.serviceRegionCount).toBe(1);
  });

  test("100k distinct endpoints keep the routes and service+region states at the bound", () => {
    const r = routes({ maxRoutes: 50 });
    for (let i = 0; i < 100_000; i++) {
      const route = r.for(`service${i % 7}`, `region-${i % 1000}`, `https://host${i}.example`);
      route.limiterFor("SendMessages", true);
    }
    expect(r.routeCount).toBe(50);
    expect(r.serviceRegionCount).toBeLessThanOrEqual(50);
    expect(r.serviceRegionCount).toBeGreaterThan(0);
  });

  test("100k endpoints of one service and region: the bounded routes still share one state", () => {
    const r = routes({ maxRoutes: 50 });
    const first = r.for("pinpoint", "us-east-1", "https://host0.example");
    for (let i = 1; i < 100_000; i++) r.for("pinpoint", "us-east-1", `https://host${i}.example`);
    expect(r.routeCount).toBe(50);
    expect(r.serviceRegionCount).toBe(1);
    expect(r.for("pinpoint", "us-east-1", "https://host99999.example").budget).toBe(first.budget);
  });

  test.each([0, -5, 2.5])("refuses maxRoutes %p", (maxRoutes) => {
    expect(() => routes({ maxRoutes })).toThrow(RangeError);
  });
});

describe("Routes.forRequest: the route of a request's endpoint", () => {
  const request = (hostname: string | undefined, port?: number, protocol = "https:") => ({ protocol, hostname, port, path: "/v1/apps" });

  test("names the endpoint from the request's protocol, host and port; without a host it is unknown", () => {
    const r = routes();
    expect(r.forRequest("pinpoint", "us-east-1", request("a.example")).endpoint).toBe(A);
    expect(r.forRequest("pinpoint", "us-east-1", request("127.0.0.1", 4566, "http:")).endpoint).toBe("http://127.0.0.1:4566");
    expect(r.forRequest("pinpoint", "us-east-1", request(undefined)).endpoint).toBe("unknown");
    expect(r.forRequest("pinpoint", "us-east-1", undefined).endpoint).toBe("unknown");
  });

  test("a request like the last one finds the same route as for(); any part that differs finds another", () => {
    const r = routes();
    const a = r.forRequest("pinpoint", "us-east-1", request("a.example"));
    expect(r.forRequest("pinpoint", "us-east-1", request("a.example"))).toBe(a);
    expect(r.for("pinpoint", "us-east-1", A)).toBe(a);
    expect(r.forRequest("pinpoint", "us-east-1", request("a.example", 8443))).not.toBe(a);
    expect(r.forRequest("pinpoint", "us-east-1", request("a.example", undefined, "http:"))).not.toBe(a);
    expect(r.forRequest("pinpoint", "eu-west-1", request("a.example"))).not.toBe(a);
    expect(r.forRequest("sms-voice", "us-east-1", request("a.example"))).not.toBe(a);
    expect(r.forRequest("pinpoint", "us-east-1", request("b.example"))).not.toBe(a);
    expect(r.forRequest("pinpoint", "us-east-1", request("a.example"))).toBe(a);
  });

  test("with one route kept, a new endpoint evicts the last one and the next request for it gets a new route", () => {
    const r = routes({ maxRoutes: 1 });
    const a = r.forRequest("pinpoint", "us-east-1", request("a.example"));
    const b = r.forRequest("pinpoint", "us-east-1", request("b.example"));
    expect(b).not.toBe(a);
    expect(r.routeCount).toBe(1);
    const aAgain = r.forRequest("pinpoint", "us-east-1", request("a.example"));
    expect(aAgain).not.toBe(a);
    expect(r.routeCount).toBe(1);
  });
});
