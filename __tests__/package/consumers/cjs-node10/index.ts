/**
 * A consumer of the packed tarball: a CommonJS project under `moduleResolution: node10`
 * (no `exports` support: `types`, and `typesVersions` for `smithy-resilience/testing`).
 * Type-checked by scripts/checkPackage.mjs with smithy-resilience extracted into node_modules; never run.
 */
import type { RetryStrategyV2 } from "@smithy/types";
import { CircuitOpenError, createResilience } from "smithy-resilience";
import type { ResilienceOptions, RetryEvent } from "smithy-resilience";
import { startEmulator } from "smithy-resilience/testing";
import type { Emulator } from "smithy-resilience/testing";

const retries: RetryEvent[] = [];
const options: ResilienceOptions = { maxAttempts: 4, hooks: { onRetry: (e) => retries.push(e) } };
const r = createResilience(options);
export const strategy: RetryStrategyV2 = r.retryStrategy;

export function describeError(error: unknown): string {
  return error instanceof CircuitOpenError ? `${error.service} in ${error.region}: retry in ${error.retryAfterMs} ms` : String(error);
}

export async function emulatorEndpoint(): Promise<string> {
  const emulator: Emulator = await startEmulator();
  await emulator.close();
  return emulator.endpoint;
}

// The imports are typed, not `any`: a wrong option type is refused.
// @ts-expect-error: maxAttempts is a number.
createResilience({ maxAttempts: "4" });
