import type { ContentMembers } from "./redactionRules";
import { SENSITIVE_MARKER } from "./redactionRules";
import { redactAddresses } from "./safetyNet";

/**
 * A redaction of one operation's input or output: a copy for the log, never a change to the value.
 * `secrets`, when given, receives every string it replaced whole (member values and address keys), so
 * that an error message echoing them can be scrubbed too.
 */
export type Redactor = (value: unknown, secrets?: string[]) => unknown;

/** Deeper than any Pinpoint or SMS Voice shape: a cyclic input must not overflow the stack while logging. */
const MAX_DEPTH = 32;

/**
 * Builds the redactor of one operation's input or output: members named in `rules` are replaced at any
 * depth (within one operation a member name means one thing), keys of address-keyed maps are replaced by
 * numbered markers, and every other string and key goes through the safety net.
 */
export function createRedactor(rules: ContentMembers | undefined): Redactor {
  const values = new Set(rules?.values ?? []);
  const addressKeys = new Set(rules?.addressKeys ?? []);

  const redact = (value: unknown, depth: number, secrets: string[] | undefined): unknown => {
    if (typeof value === "string") return redactAddresses(value);
    if (typeof value !== "object" || value === null || isLeaf(value)) return value;
    if (depth >= MAX_DEPTH) return SENSITIVE_MARKER;
    if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1, secrets));
    // Replaced keys are numbered: the log still shows how many there were, and none overwrites another.
    let redactedKeys = 0;
    const entries = Object.entries(value).map(([key, member]): [string, unknown] => {
      if (values.has(key) && member !== undefined && member !== null) {
        if (secrets) collectStrings(member, secrets, depth);
        return [key, SENSITIVE_MARKER];
      }
      if (addressKeys.has(key) && isRecord(member)) {
        if (secrets) secrets.push(...Object.keys(member));
        return [key, Object.fromEntries(Object.values(member).map((entry, i) => [`${SENSITIVE_MARKER}#${i + 1}`, redact(entry, depth + 2, secrets)]))];
      }
      const clean = redactAddresses(key);
      return [clean === key ? key : `${SENSITIVE_MARKER}#${++redactedKeys}`, redact(member, depth + 1, secrets)];
    });
    // fromEntries defines own properties: a "__proto__" key stays a key.
    return Object.fromEntries(entries);
  };
  return (value, secrets) => redact(value, 0, secrets);
}

/** Every string value in a value (not member names), down to the depth limit. */
function collectStrings(value: unknown, into: string[], depth: number): void {
  if (typeof value === "string") into.push(value);
  else if (typeof value === "object" && value !== null && !isLeaf(value) && depth < MAX_DEPTH) {
    for (const item of Object.values(value)) collectStrings(item, into, depth + 1);
  }
}

/** Values logged as they are: dates, bytes (`Uint8Array`, `Buffer`) and other binary views. */
function isLeaf(value: object): boolean {
  return value instanceof Date || ArrayBuffer.isView(value) || value instanceof ArrayBuffer;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !isLeaf(value);
}
