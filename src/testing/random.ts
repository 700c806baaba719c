/**
 * A small seeded pseudo-random generator, so that emulator faults (and the core library's jitter in tests)
 * replay identically for the same seed.
 * @packageDocumentation
 */

/**
 * Creates a deterministic generator of numbers in [0, 1) (mulberry32): the same seed always yields the
 * same sequence. Not suitable for anything security-related.
 *
 * @param seed - Any number; it is truncated to a 32-bit integer.
 * @returns A function returning the next number of the sequence on each call.
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
