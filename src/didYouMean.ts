/**
 * Near-miss detection for names given in options: an edit distance and the "did you mean" suggestion
 * built on it.
 * @packageDocumentation
 */

/**
 * Edit distance between two strings (optimal string alignment): insertions, deletions, substitutions
 * and transpositions of two adjacent characters each cost 1, so "SendMesasges" is 1 from "SendMessages".
 * Case-sensitive; lower-case both sides to compare names case-insensitively.
 *
 * @param a - One string.
 * @param b - The other.
 * @param limit - Stop early and return `limit + 1` once the distance is known to exceed it. Default: no limit.
 * @returns The distance, or `limit + 1` when it is larger than `limit`.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Three rows of the dynamic programme: two back for transpositions.
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, beforePrevious[j - 2] + 1);
      current.push(best);
      rowMin = Math.min(rowMin, best);
    }
    if (rowMin > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return Math.min(previous[b.length], limit + 1);
}

/**
 * The candidates nearest to `name`, compared case-insensitively, within `maxDistance` edits; an exact
 * (case-sensitive) match means `name` is no near-miss and yields none.
 *
 * @param name - What was given.
 * @param candidates - The names it may have meant.
 * @param maxDistance - The most edits a near-miss may be away. Default 2.
 * @returns The nearest candidates (several when tied), in the order given; empty when none is near.
 */
export function nearMisses(name: string, candidates: Iterable<string>, maxDistance = 2): string[] {
  const lower = name.toLowerCase();
  let best = maxDistance + 1;
  let nearest: string[] = [];
  for (const candidate of candidates) {
    if (candidate === name) return [];
    const distance = editDistance(lower, candidate.toLowerCase(), best);
    if (distance < best) {
      best = distance;
      nearest = [candidate];
    } else if (distance === best && distance <= maxDistance) {
      nearest.push(candidate);
    }
  }
  return nearest;
}

/**
 * The suggestion for a near-miss: `"did you mean SendMessages?"`, `"did you mean GetApp or GetApps?"`,
 * or undefined when nothing is near.
 */
export function didYouMean(name: string, candidates: Iterable<string>, maxDistance = 2): string | undefined {
  const nearest = nearMisses(name, candidates, maxDistance);
  return nearest.length === 0 ? undefined : `did you mean ${nearest.join(" or ")}?`;
}
