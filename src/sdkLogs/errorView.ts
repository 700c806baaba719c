/**
 * The SDK's `error` log line carries the thrown error itself, whose message the service often fills with
 * the request ("Value '+1555…' at 'destinationPhoneNumber' failed to satisfy constraint"). The line gets
 * a copy instead, with the call's own secrets and anything shaped like an address scrubbed; the error
 * your code receives is not touched.
 */

import { SENSITIVE_MARKER } from "./redactionRules";
import { redactAddresses } from "./safetyNet";

/** Shorter strings (a language code, "SMS") cannot be told from ordinary words; they are left alone. */
const MIN_SECRET_LENGTH = 4;

/** `text` without any of `secrets` and without email addresses or phone numbers. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH && result.includes(secret)) result = result.split(secret).join(SENSITIVE_MARKER);
  }
  return redactAddresses(result);
}

/**
 * A copy of an error for a log line: same prototype (so loggers print its class), same own properties,
 * every own string property (`message`, `stack`, the service's `Message`, ...) scrubbed. Anything but an
 * object is returned as it is.
 */
export function scrubbedErrorView(error: unknown, secrets: readonly string[]): unknown {
  if (typeof error !== "object" || error === null) return error;
  const view: object = Object.create(Object.getPrototypeOf(error) as object | null);
  for (const key of Reflect.ownKeys(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    if (!descriptor) continue;
    // An accessor (some engines make `stack` one) is read once: a getter must not run against the copy.
    const value: unknown = "value" in descriptor ? descriptor.value : Reflect.get(error, key);
    const { enumerable, configurable } = descriptor;
    Object.defineProperty(view, key, { value: typeof value === "string" ? scrubText(value, secrets) : value, enumerable, configurable, writable: true });
  }
  return view;
}
