import { MAX_TIMER_DELAY_MS } from "./timerLimit";

/**
 * Server hints on when to retry, read from the raw response so that both SDK runtime lines agree
 * (the old line mis-parses numeric `Retry-After`).
 */

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) {
      const value = headers[key];
      return typeof value === "string" ? value.trim() : Array.isArray(value) ? String(value[0]).trim() : undefined;
    }
  }
  return undefined;
}

const NUMBER = /^\d+(\.\d+)?$/;
const HTTP_DATE = /[a-z]{3}/i;

/**
 * The hinted delay in ms, or undefined: `x-amz-retry-after` (ms) first, then `Retry-After`
 * (delta-seconds or an HTTP date, compared with `epochNowMs`). Negative or unparsable hints are ignored.
 * The result is at most 2^31 − 1 ms (about 24.8 days, `setTimeout`'s limit): whatever the server sends
 * ("999999999" seconds, a date in 2100), it can go to `setTimeout` without turning into a 1 ms wait.
 */
export function retryAfterHintMs(headers: Record<string, unknown> | undefined, epochNowMs: number): number | undefined {
  const hint = uncappedHintMs(headers, epochNowMs);
  return hint === undefined ? undefined : Math.min(hint, MAX_TIMER_DELAY_MS);
}

function uncappedHintMs(headers: Record<string, unknown> | undefined, epochNowMs: number): number | undefined {
  if (!headers) return undefined;
  const amzMs = headerValue(headers, "x-amz-retry-after");
  if (amzMs !== undefined && NUMBER.test(amzMs)) return Number(amzMs);
  const retryAfter = headerValue(headers, "retry-after");
  if (retryAfter === undefined) return undefined;
  if (NUMBER.test(retryAfter)) return Number(retryAfter) * 1000;
  // An HTTP date names a month; without letters, Date.parse would read "-3" as a year.
  if (!HTTP_DATE.test(retryAfter)) return undefined;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : Math.max(0, date - epochNowMs);
}
