import { CircuitBreaker } from "./breaker/CircuitBreaker";
import type { CircuitBreakerPolicy } from "./breaker/CircuitBreaker";
import { DEFAULT_MAX_ROUTES } from "./constants";
import { UNKNOWN } from "./names";
import { LruMap } from "./lruMap";
import { AdaptiveRateLimiter } from "./rateLimiter/AdaptiveRateLimiter";
import type { QuotaLimiter, QuotaScope, QuotaStore, ResolvedLimiterOptions } from "./rateLimiter";
import { RetryBudget } from "./retryBudget";
import type { RetryBudgetPolicy } from "./retryBudget";
import { sdkKeepsRetryBudget } from "./services";
import type { CircuitState, PacingSnapshot, RouteSnapshot } from "./types";

/** The parts of an HTTP request that name its endpoint. */
interface RequestLike {
  protocol?: string;
  hostname?: string;
  port?: number;
}

/** A request's endpoint, "https://host:port" (the port when it has one), or "unknown" without a host. */
function endpointOf({ protocol, hostname, port }: RequestLike): string {
  return hostname ? `${protocol ?? "https:"}//${hostname}${port ? `:${port}` : ""}` : UNKNOWN;
}

/** What names a route: the service, the region and the endpoint its calls go to. */
export interface RouteKey {
  readonly service: string;
  readonly region: string;
  readonly endpoint: string;
}

/** Where calls go: one per service + region + endpoint. */
export interface Route extends RouteKey {
  /** The breaker of this endpoint (own per route), when breakers are on. */
  readonly breaker: CircuitBreaker | undefined;
  /** The retry budget of the service and region (shared by that service+region's routes), when budgets are on. */
  readonly budget: RetryBudget | undefined;
  /**
   * The limiter of the quota an operation draws on: the service+region's, or the operation's own where it
   * is metered separately (shared across endpoints of the service+region), when pacing is on.
   */
  limiterFor(operation: string, separatelyMetered: boolean): QuotaLimiter | undefined;
}

/** What {@link Routes} builds routes with. A feature left undefined is off. */
export interface RoutesSettings {
  /** The policy of every breaker; undefined: no breakers. */
  breaker?: CircuitBreakerPolicy;
  /** The retry budgets: their capacity, and whether every service has one; undefined: no budgets. */
  budget?: Pick<RetryBudgetPolicy, "capacity" | "everyService">;
  /** The options of every limiter; undefined: no pacing. */
  limiter?: ResolvedLimiterOptions;
  /**
   * Where the quotas are kept, when pacing is on: each quota's limiter comes from `store.limiter`, e.g. one
   * shared by a fleet of processes. Undefined: a limiter of this process's own per quota.
   */
  store?: QuotaStore;
  /** Called when a route's breaker changes state. */
  onCircuitStateChange?: (key: RouteKey, from: CircuitState, to: CircuitState) => void;
  /** Routes kept at most, an integer >= 1. Default {@link DEFAULT_MAX_ROUTES}. */
  maxRoutes?: number;
}

/** What the routes of one service and region share: the budget and the limiters of its quotas. */
class ServiceRegion {
  /** Routes in the map that refer to this state; at 0 the state is forgotten. */
  routes = 0;
  readonly budget: RetryBudget | undefined;
  /** The limiter of the service's quota in the region. */
  readonly limiter: QuotaLimiter | undefined;
  /** Limiters of operations metered on their own, by operation (at most one per operation of the service). */
  private readonly operationLimiters = new Map<string, QuotaLimiter>();

  constructor(
    private readonly settings: RoutesSettings,
    private readonly service: string,
    private readonly region: string,
  ) {
    const { budget } = settings;
    this.budget = budget && (budget.everyService || sdkKeepsRetryBudget(service)) ? new RetryBudget(budget.capacity) : undefined;
    this.limiter = this.createLimiter(undefined);
  }

  /** The pacing of its quotas, read only; undefined when pacing is off. */
  pacing(): RouteSnapshot["pacing"] {
    if (this.limiter === undefined) return undefined;
    const pacing: RouteSnapshot["pacing"] = pacingOf(this.limiter);
    if (this.operationLimiters.size > 0) {
      const operations: Record<string, PacingSnapshot> = {};
      for (const [operation, limiter] of this.operationLimiters) operations[operation] = pacingOf(limiter);
      pacing.operations = operations;
    }
    return pacing;
  }

  limiterFor(operation: string, separatelyMetered: boolean): QuotaLimiter | undefined {
    if (this.settings.limiter === undefined || !separatelyMetered) return this.limiter;
    let limiter = this.operationLimiters.get(operation);
    if (limiter === undefined) {
      limiter = this.createLimiter(operation);
      if (limiter) this.operationLimiters.set(operation, limiter);
    }
    return limiter;
  }

  /** The limiter of the service's quota (`operation` undefined) or of an operation's own; undefined when pacing is off. */
  private createLimiter(operation: string | undefined): QuotaLimiter | undefined {
    const { limiter: options, store } = this.settings;
    if (options === undefined) return undefined;
    if (store === undefined) return new AdaptiveRateLimiter(options);
    const scope: QuotaScope = operation === undefined ? { service: this.service, region: this.region } : { service: this.service, region: this.region, operation };
    return store.limiter(scope, options);
  }
}

function pacingOf(limiter: QuotaLimiter): PacingSnapshot {
  const pacing: PacingSnapshot = { ratePerSecond: limiter.currentRate(), queueDepth: limiter.waiting };
  if (limiter.sharing !== undefined) pacing.sharing = limiter.sharing;
  return pacing;
}

/** A route: its own breaker, and the state of its service and region. */
class EndpointRoute implements Route {
  readonly breaker: CircuitBreaker | undefined;
  readonly budget: RetryBudget | undefined;

  constructor(
    readonly service: string,
    readonly region: string,
    readonly endpoint: string,
    readonly shared: ServiceRegion,
    settings: RoutesSettings,
  ) {
    const { breaker, onCircuitStateChange } = settings;
    this.breaker = breaker === undefined ? undefined : new CircuitBreaker(breaker, (from, to) => onCircuitStateChange?.(this, from, to));
    this.budget = shared.budget;
  }

  limiterFor(operation: string, separatelyMetered: boolean): QuotaLimiter | undefined {
    return this.shared.limiterFor(operation, separatelyMetered);
  }

  /** Its state at `now` (clock.now()), read only. */
  snapshot(now: number): RouteSnapshot {
    const snapshot: RouteSnapshot = { service: this.service, region: this.region, endpoint: this.endpoint };
    if (this.breaker) {
      const { state, retryAfterMs, attempts, failures } = this.breaker.view(now);
      snapshot.breaker = { state, retryAfterMs };
      snapshot.recent = { attempts, failures };
    }
    if (this.budget) snapshot.budget = { available: this.budget.available, capacity: this.budget.capacity };
    const pacing = this.shared.pacing();
    if (pacing) snapshot.pacing = pacing;
    return snapshot;
  }
}

/**
 * The routes of one `createResilience` instance: a breaker per service + region + endpoint, and a budget
 * and limiters per service + region, created on first use.
 *
 * Memory stays flat however many endpoints a process talks to:
 * - routes are kept in an LRU of `maxRoutes`;
 * - a service+region's state lives exactly as long as a kept route refers to it: each route counts
 *   itself in on creation and out on eviction, and the state is forgotten at zero. So there are never
 *   more states than routes, and two kept routes of one service+region always share one budget and
 *   one limiter (an LRU of its own could drop a state that kept routes still use, and split it in two).
 *
 * A call holds its route, so a route evicted mid-call keeps working for that call, with the objects it
 * had. Later calls to that endpoint get a new route (and a new breaker).
 */
export class Routes {
  private readonly settings: RoutesSettings;
  private readonly routes: LruMap<string, EndpointRoute>;
  private readonly serviceRegions = new Map<string, ServiceRegion>();
  /** The route {@link forRequest} found last, and what it found it by. */
  private last: (RequestLike & { service: string; region: string; route: Route }) | undefined;

  /** @throws RangeError when `maxRoutes` is not an integer >= 1. */
  constructor(settings: RoutesSettings) {
    this.settings = settings;
    this.routes = new LruMap(settings.maxRoutes ?? DEFAULT_MAX_ROUTES, (_key, route) => this.forget(route));
  }

  /** Routes kept now (at most `maxRoutes`). */
  get routeCount(): number {
    return this.routes.size;
  }

  /** Service+region states kept now (never more than the routes). */
  get serviceRegionCount(): number {
    return this.serviceRegions.size;
  }

  /**
   * The route of a request's endpoint (see {@link endpointOf}). The route found last is kept with what it
   * was found by, so that a process calling one endpoint, as most do, finds it without building its key.
   * It is the most recently used route, which the LRU never evicts first.
   */
  forRequest(service: string, region: string, request: unknown): Route {
    const { protocol, hostname, port } = (request ?? {}) as RequestLike;
    const last = this.last;
    if (last !== undefined && last.hostname === hostname && last.port === port && last.protocol === protocol && last.region === region && last.service === service) return last.route;
    const route = this.for(service, region, endpointOf({ protocol, hostname, port }));
    this.last = { service, region, protocol, hostname, port, route };
    return route;
  }

  /** The route of an endpoint of a service in a region, created on first use. */
  for(service: string, region: string, endpoint: string): Route {
    const key = `${service}|${region}|${endpoint}`;
    let route = this.routes.get(key);
    if (route === undefined) {
      const shared = this.serviceRegion(service, region);
      route = new EndpointRoute(service, region, endpoint, shared, this.settings);
      // Counted in before it is stored, so that evicting another route of its service+region cannot drop the state.
      shared.routes++;
      this.routes.set(key, route);
    }
    return route;
  }

  /**
   * The state of every kept route at `now` (clock.now()), least recently used first. Reads only: no
   * route is created, moved in the LRU or changed, and no breaker changes state.
   */
  snapshot(now: number): RouteSnapshot[] {
    const routes: RouteSnapshot[] = [];
    for (const route of this.routes.values()) routes.push(route.snapshot(now));
    return routes;
  }

  /**
   * The budget of a service and region, for the strategy used alone (it knows no endpoint). It is the
   * budget of the route to the endpoint {@link UNKNOWN}, so that the strategy's use keeps it alive as a
   * plugin call's would.
   */
  budgetFor(service: string, region: string): RetryBudget | undefined {
    if (this.settings.budget === undefined) return undefined;
    return this.for(service, region, UNKNOWN).budget;
  }

  private serviceRegion(service: string, region: string): ServiceRegion {
    const key = `${service}|${region}`;
    let shared = this.serviceRegions.get(key);
    if (shared === undefined) {
      shared = new ServiceRegion(this.settings, service, region);
      this.serviceRegions.set(key, shared);
    }
    return shared;
  }

  /** Counts an evicted route out of its service+region, forgetting the state when no kept route is left. */
  private forget(route: EndpointRoute): void {
    route.shared.routes--;
    if (route.shared.routes === 0) this.serviceRegions.delete(`${route.service}|${route.region}`);
  }
}
