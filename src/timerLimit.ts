/**
 * The longest delay `setTimeout` honours, in ms (2^31 − 1, about 24.8 days). Node.js turns a longer one
 * into 1 ms with a `TimeoutOverflowWarning`: a "wait a month" becomes "retry now". Every ms option is
 * refused above it, and every delay computed from outside input (server hints) is capped at it.
 */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;
