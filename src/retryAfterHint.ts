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
 */
export function retryAfterHintMs(headers: Record<string, unknown> | undefined, epochNowMs: number): number | undefined {
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
