import type { CircuitState } from "../types";
import type { CircuitBreakerPolicy } from "./CircuitBreaker";
import { CircuitBreaker } from "./CircuitBreaker";
import { getOrCreate } from "../getOrCreate";

/** Where a breaker applies: one per service, region and endpoint. */
export interface BreakerKey {
  service: string;
  region: string;
  endpoint: string;
}

/** One breaker per service + region + endpoint, created on first use. */
export class CircuitBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly policy: CircuitBreakerPolicy,
    private readonly onStateChange: (key: BreakerKey, from: CircuitState, to: CircuitState) => void,
  ) {}

  /** The breaker of `key`. */
  get(key: BreakerKey): CircuitBreaker {
    const id = `${key.service}|${key.region}|${key.endpoint}`;
    return getOrCreate(this.breakers, id, () => new CircuitBreaker(this.policy, (from, to) => this.onStateChange(key, from, to)));
  }
}
