/**
 * The safety net under the per-operation rules: every string (and map key) logged for these services is
 * scanned for email addresses and phone numbers. It catches what the rules cannot name: members added by
 * a newer SDK, free text such as a `StatusMessage` that echoes an address, a user id that is an email.
 * The price is that an account's own numbers (`DescribePhoneNumbers`) are masked too, which a log can
 * spare; it never masks ids, ARNs, timestamps or counts, which do not have these shapes.
 */

import { SENSITIVE_MARKER } from "./redactionRules";

/** An email address anywhere in a string. */
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** An international number anywhere in a string: "+" then 7 to 15 digits, spaces, dots, dashes, parentheses. */
const INTERNATIONAL_NUMBER = /\+\d[\d ().-]{5,20}\d/g;

/** A whole string that is a national number, e.g. "(555) 555-0100" or "5555550100". */
const NATIONAL_NUMBER = /^\(?\d[\d ().-]{5,18}\d$/;

/** A calendar date, which has the national number's characters. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a string is a national phone number: 7 to 15 digits with phone punctuation only, not a date. */
function isNationalNumber(text: string): boolean {
  if (!NATIONAL_NUMBER.test(text) || DATE.test(text)) return false;
  const digits = text.replace(/\D/g, "").length;
  return digits >= 7 && digits <= 15;
}

/** The string with every email address and phone number in it replaced by the marker; itself when clean. */
export function redactAddresses(text: string): string {
  if (isNationalNumber(text)) return SENSITIVE_MARKER;
  // Cheap tests first: most strings hold neither an "@" nor a "+".
  let result = text;
  if (result.includes("@")) result = result.replace(EMAIL, SENSITIVE_MARKER);
  if (result.includes("+")) result = result.replace(INTERNATIONAL_NUMBER, SENSITIVE_MARKER);
  return result;
}
