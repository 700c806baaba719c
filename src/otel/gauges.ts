/**
 * What the observable gauges report: the routes of every attached instance, folded per service + region
 * (and per quota for the rate limiter). A route is a service + region + endpoint; the endpoint never
 * becomes an attribute.
 */
import type { CircuitState, PacingSnapshot, RouteSnapshot } from "../types";

/** The breaker state as a number: 0 closed, 1 half-open, 2 open (higher is worse). */
export const BREAKER_STATE_VALUE: Readonly<Record<CircuitState, number>> = { closed: 0, "half-open": 1, open: 2 };

/** The pacing of one quota: the service's in the region, or an operation's own. */
export interface QuotaGauges {
  /** Requests/s the limiter paces at; undefined while it does not pace. */
  rate?: number;
  /** Calls waiting for their turn. */
  queueDepth: number;
}

/** The gauges of one service + region. A field is undefined when no route reports it (the feature is off). */
export interface ServiceRegionGauges {
  service: string;
  region: string;
  /** The worst breaker over the endpoints: 0 closed, 1 half-open, 2 open. */
  breakerState?: number;
  /** Retry budget tokens left. */
  budgetAvailable?: number;
  /** Share of the retry budget spent, 0 (full) to 1 (empty). */
  budgetUtilization?: number;
  /** The service's quota in the region, when pacing is on. */
  pacing?: QuotaGauges;
  /** Quotas of operations metered on their own, by operation name. */
  operations: Map<string, QuotaGauges>;
}

const lower = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
const higher = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/** One quota's limiter seen from one more route of the same instance: the same limiter, so nothing adds up. */
function sameQuota(seen: QuotaGauges | undefined, p: PacingSnapshot): QuotaGauges {
  if (seen === undefined) return { rate: p.ratePerSecond, queueDepth: p.queueDepth };
  return { rate: lower(seen.rate, p.ratePerSecond), queueDepth: Math.max(seen.queueDepth, p.queueDepth) };
}

/** One quota of another instance: another limiter, whose queue adds up; the lower rate is reported. */
function otherQuota(seen: QuotaGauges | undefined, q: QuotaGauges): QuotaGauges {
  if (seen === undefined) return { ...q };
  return { rate: lower(seen.rate, q.rate), queueDepth: seen.queueDepth + q.queueDepth };
}

/**
 * Folds the routes of one instance per service + region. The routes of a service + region share its
 * budget and its limiters, so those are read once (the most constrained value, were they ever to
 * differ); each endpoint has its own breaker, so the breaker is the worst of them.
 */
function foldInstance(routes: readonly RouteSnapshot[]): Map<string, ServiceRegionGauges> {
  const mine = new Map<string, ServiceRegionGauges>();
  for (const route of routes) {
    const key = `${route.service}\u0000${route.region}`;
    let g = mine.get(key);
    if (g === undefined) {
      g = { service: route.service, region: route.region, operations: new Map() };
      mine.set(key, g);
    }
    if (route.breaker) g.breakerState = higher(g.breakerState, BREAKER_STATE_VALUE[route.breaker.state] ?? 0);
    if (route.budget) {
      g.budgetAvailable = lower(g.budgetAvailable, route.budget.available);
      if (route.budget.capacity > 0) g.budgetUtilization = higher(g.budgetUtilization, 1 - route.budget.available / route.budget.capacity);
    }
    if (route.pacing) {
      g.pacing = sameQuota(g.pacing, route.pacing);
      for (const [operation, p] of Object.entries(route.pacing.operations ?? {})) g.operations.set(operation, sameQuota(g.operations.get(operation), p));
    }
  }
  return mine;
}

/**
 * The gauges per service + region over the routes of each instance (`instances[i]` is one snapshot's
 * routes). Several instances (one sink attached to each) have separate budgets, limiters and breakers:
 * the worst breaker state, the lowest budget and rate, and the queues added up.
 */
export function gaugesOf(instances: ReadonlyArray<readonly RouteSnapshot[]>): ServiceRegionGauges[] {
  const all = new Map<string, ServiceRegionGauges>();
  for (const routes of instances) {
    for (const [key, g] of foldInstance(routes)) {
      const seen = all.get(key);
      if (seen === undefined) {
        all.set(key, g);
        continue;
      }
      seen.breakerState = higher(seen.breakerState, g.breakerState);
      seen.budgetAvailable = lower(seen.budgetAvailable, g.budgetAvailable);
      seen.budgetUtilization = higher(seen.budgetUtilization, g.budgetUtilization);
      if (g.pacing) seen.pacing = otherQuota(seen.pacing, g.pacing);
      for (const [operation, q] of g.operations) seen.operations.set(operation, otherQuota(seen.operations.get(operation), q));
    }
  }
  return [...all.values()];
}
