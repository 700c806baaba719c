/**
 * The report's plain-language reading of a run: for each phase, what the service did, who did better and
 * why; and why the totals on the top cards differ. Every number comes from the run's own results, so the
 * text stays true when the library's numbers change, costs included.
 * @packageDocumentation
 */

import type { GiveUpReason } from "../src";
import { clearlySlower, giveUps, pairByPhase, retries, throttledRequests, type Pair } from "./compare";
import { ALL_PHASES, type CircuitChangeRecord, type Summary } from "./metrics";
import { FLAKY_RATE, PHASES, THROTTLED_CAPACITY, type PhaseName } from "./phases";
import { capitalize, count, formatDuration, formatLatency, list } from "./prose";
import type { DemoResults, ResultRow } from "./results";
import { formatPercent } from "./table";

/** What a newcomer reads about one phase. */
export interface PhaseReading {
  phase: PhaseName;
  /** What the service did. */
  happened: string;
  /** Who did better, by the calls that succeeded, then by the requests it took. */
  verdict: string;
  /** Why, in the run's numbers: each mechanism behind a difference, and every cost. */
  why: string[];
}

/** The reading of a whole run. */
export interface RunReading {
  /** Why the totals on the top cards differ, phase by phase. */
  overall: string[];
  phases: PhaseReading[];
}

const SDK = "the SDK";
const LIB = "smithy-resilience";

/** Why calls were given up, to follow a count: "3 refused by the circuit breaker". */
const GIVE_UP_PHRASES: Readonly<Record<GiveUpReason, string>> = {
  "non-retryable": "given up as not worth retrying",
  "max-attempts": "failed on every attempt allowed",
  "retry-budget": "not retried once the retry budget ran out",
  deadline: "out of time",
  "circuit-open": "refused by the circuit breaker",
  aborted: "aborted",
  "non-idempotent": "not retried as they might have been processed",
};

/** The facts about a phase the sentences draw on. */
interface PhaseContext {
  phase: PhaseName;
  pair: Pair<ResultRow>;
  /** The phase before it in this run, if any. */
  previous: PhaseName | undefined;
  /** smithy-resilience's per-service rows of the phase. */
  libByService: ResultRow[];
  /** smithy-resilience's breakers: whether each was open when the phase began, and its changes during it. */
  breakers: Array<{ openAtStart: boolean; changes: CircuitChangeRecord[] }>;
  /** The last earlier phase in which the service throttled smithy-resilience, if any. */
  lastThrottledPhase: PhaseName | undefined;
  options: DemoResults["options"];
}

const pct = (row: Summary) => formatPercent(row.successRate);
/** A variant as the subject of a sentence; the library's name keeps its lower case. */
const subject = (name: string) => (name === SDK ? capitalize(SDK) : name);
const perCall = (row: Summary) => row.requestsPerCall.toFixed(2);
const phaseName = (phase: PhaseName) => `the ${phase} phase`;

/** What the service did during `phase`, with this run's length for the time-lapse phases. */
export function happened(phase: PhaseName, options: DemoResults["options"]): string {
  const span = formatDuration(options.calls * options.timeLapseMsPerCall);
  switch (phase) {
    case "healthy":
      return "The service answered every request.";
    case "flaky":
      return `The service failed ${FLAKY_RATE * 100}% of requests at random with a 500, an error a retry usually gets past.`;
    case "throttled":
      return (
        `The service accepted ${THROTTLED_CAPACITY.requestsPerSecond} requests a second per service, fewer than the ` +
        `${1000 / options.callIntervalMs} calls a second each worker sent, and answered the rest with a 429 (too many requests).`
      );
    case "outage":
      return (
        `The service failed every request with a 500 for ${span} of service time (a time-lapse: each call stands for ` +
        `${formatDuration(options.timeLapseMsPerCall)}).`
      );
    case "recovery":
      return `The service was back and answered every request, for ${span} of service time (the same time-lapse).`;
    case "bad-requests":
      return "The service rejected every request with a 400: the request itself is wrong, so no retry can help.";
  }
}

/** Who did better: more calls succeeded, or the same calls with fewer requests. */
export function verdict({ sdk, lib }: Pair): string {
  const gained = lib.successes - sdk.successes;
  if (gained !== 0) {
    const [winner, loser, w, l] = gained > 0 ? [LIB, SDK, lib, sdk] : [SDK, LIB, sdk, lib];
    return (
      `${subject(winner)} did better: ${w.successes} of its ${w.calls} calls succeeded (${pct(w)}), ` +
      `${l.successes} (${pct(l)}) with ${loser}.`
    );
  }
  const outcome =
    lib.successes === lib.calls
      ? `all ${lib.calls} calls succeeded`
      : lib.successes === 0
        ? `all ${lib.calls} calls failed`
        : `${lib.successes} of ${lib.calls} calls succeeded (${pct(lib)})`;
  const fewer = sdk.requests - lib.requests;
  if (fewer === 0) return `Even: with both, ${outcome}, for the same ${count(lib.requests, "request")}.`;
  const [winner, w, l] = fewer > 0 ? [LIB, lib, sdk] : [SDK, sdk, lib];
  return (
    `${subject(winner)} did better: with both, ${outcome}, and it sent ${Math.abs(fewer)} fewer requests ` +
    `(${w.requests} against ${l.requests}, ${perCall(w)} per call against ${perCall(l)}).`
  );
}

/** The breakers' story: held over from the previous phase, or opened by this one's failures. */
function breakerSentences(context: PhaseContext): string[] {
  const { pair, phase, previous, breakers, libByService } = context;
  const refused = pair.lib.refused;
  // Calls that gave up for the open breaker after sending: its probes, not retried while it stayed open.
  const probes = giveUps(pair.lib, "circuit-open") - refused;
  const changes = breakers.flatMap((b) => b.changes);
  if (refused === 0 && probes === 0 && changes.length === 0) return [];
  const probing =
    probes > 0
      ? [
          `While open, each breaker let one call a second through as a probe, to see whether the service was back: ` +
            `${count(probes, "probe")} failed and ${probes === 1 ? "was" : "were"} not retried.`,
        ]
      : [];

  if (breakers.some((b) => b.openAtStart) && previous) {
    const reopened = changes.some((c) => c.to === "open");
    const stillOpen = breakers.filter((b) => (b.changes.length > 0 ? b.changes[b.changes.length - 1].to !== "closed" : b.openAtStart)).length;
    const perService = [...new Set(libByService.map((row) => row.refused))];
    // Held from the start and never reopened: the refused calls are each service's first ones.
    const first =
      !reopened && perService.length === 1 && perService[0] > 0
        ? `, the first ${perService[0] === 1 ? "call" : `${perService[0]} calls`} of each service ` +
          `(${formatDuration(perService[0] * PHASES[phase].serviceMsPerCall)} of service time)`
        : "";
    const end =
      stillOpen === 0
        ? "until a trial request succeeded and closed them"
        : `and ${count(stillOpen, "breaker was", "breakers were")} still open when the phase ended`;
    const since = `${LIB}'s circuit breakers were still open from ${phaseName(previous)} when this one began`;
    // Nothing refused: the open period was over, so the phase's first request was the trial.
    if (refused === 0 && stillOpen === 0) return [`${since}, but the first request of the phase went through as a trial and closed them: no call was refused.`];
    return [`${since}: they refused ${count(refused, "call")} without sending them${first}, ${end}.`, ...probing];
  }
  if (refused === 0) {
    const opened = changes.filter((c) => c.to === "open").length;
    const told =
      opened > 0 && probes > 0
        ? `${LIB}'s circuit breakers opened once request after request had failed, but refused no call: calls came no faster than the probes they let through.`
        : `${LIB}'s circuit breakers changed state ${count(changes.length, "time")} but refused no call.`;
    return [told, ...probing];
  }
  const median =
    refused * 2 > pair.lib.calls
      ? `, so its median call failed in ${formatLatency(pair.lib.latencyMs.p50)} against ${SDK}'s ${formatLatency(pair.sdk.latencyMs.p50)}`
      : "";
  return [
    `${LIB}'s circuit breakers opened once request after request had failed, and from then on refused calls without sending them: ` +
      `${refused} of its ${pair.lib.calls} calls${median}.`,
    ...probing,
  ];
}

/** Throttling and the rate limiter's pacing. */
function pacingSentences({ pair: { sdk, lib }, lastThrottledPhase }: PhaseContext): string[] {
  const [sdk429, lib429] = [throttledRequests(sdk), throttledRequests(lib)];
  const held = `held ${count(lib.pacing.calls, "call")} back before sending, ${formatLatency(lib.pacing.totalMs)} in all`;
  if (sdk429 > 0 || lib429 > 0) {
    const counts = `The service throttled ${sdk429} of ${SDK}'s requests and ${lib429} of ${LIB}'s`;
    if (lib.pacing.calls === 0) return [`${counts}.`];
    return [`${counts}: its rate limiter learned the capacity from the 429s and ${held}.`];
  }
  if (lib.pacing.calls === 0) return [];
  const learned = lastThrottledPhase ? ` at the rate it learned from the 429s of ${phaseName(lastThrottledPhase)}` : "";
  return [`${LIB}'s rate limiter was still pacing${learned}: it ${held}, though the service throttled no one here.`];
}

/** Retries, the SDK's retry budget, and calls given up without any retry. */
function retrySentences({ pair: { sdk, lib } }: PhaseContext): string[] {
  const [r, s] = [retries(lib), retries(sdk)];
  if (r === 0 && s === 0) {
    if (lib.successes === lib.calls && sdk.successes === sdk.calls) return ["Nothing to retry: both sent one request per call."];
    const notWorth = giveUps(lib, "non-retryable");
    if (notWorth === lib.calls && giveUps(sdk, "non-retryable") === sdk.calls) {
      return ["Neither retried: both took the error as not worth retrying and gave up at once."];
    }
    return [];
  }
  const sentences = [r === s ? `Both retried ${count(r, "time")}.` : `${capitalize(SDK)} retried ${count(s, "time")}, ${LIB} ${count(r, "time")}.`];
  for (const [name, row] of [[SDK, sdk], [LIB, lib]] as const) {
    const budget = giveUps(row, "retry-budget");
    if (budget > 0) sentences.push(`${subject(name)}'s retry budget ran out: ${count(budget, "call")} failed without the retries they had left.`);
  }
  return sentences;
}

/** Why smithy-resilience completed fewer calls than the SDK, by its extra give-ups. */
function lossSentences({ pair: { sdk, lib } }: PhaseContext): string[] {
  const lost = sdk.successes - lib.successes;
  if (lost <= 0) return [];
  const extra = (Object.keys(GIVE_UP_PHRASES) as GiveUpReason[])
    .map((reason) => ({ reason, n: giveUps(lib, reason) - giveUps(sdk, reason) }))
    .filter(({ n }) => n > 0);
  if (extra.length === 1 && extra[0].reason === "circuit-open" && extra[0].n === lost) {
    return [`Those refusals are the ${count(lost, "call")} ${LIB} lost against ${SDK}, which has no breaker and sent them.`];
  }
  const reasons = extra.map(({ reason, n }) => `${n} ${GIVE_UP_PHRASES[reason]}`);
  return [`${LIB} completed ${count(lost, "call")} fewer than ${SDK}${reasons.length > 0 ? `, with more give-ups: ${list(reasons)}` : ""}.`];
}

/** The same cause for a measured gap nothing in the run's counts explains. */
const MEASUREMENT_ONLY =
  "nothing in the run's counts explains it: it is measured wall-clock time, which varies with the machine's load " +
  "(both variants share it)";

/** Every clear latency gap, either way, and what the run's numbers say caused it. */
function latencySentences({ sdk, lib }: Pair): string[] {
  const gaps = (slow: Summary, fast: Summary) =>
    (["p50", "p99"] as const).filter((p) => clearlySlower(slow.latencyMs[p], fast.latencyMs[p]));
  const against = (slow: Summary, fast: Summary, ps: ReadonlyArray<"p50" | "p99">) =>
    list(ps.map((p) => `${formatLatency(slow.latencyMs[p])} against ${formatLatency(fast.latencyMs[p])} at ${p}`));
  const sentences: string[] = [];
  const libSlower = gaps(lib, sdk);
  if (libSlower.length > 0) {
    const unpaced = lib.pacing.unpacedLatencyMs;
    // The pacing is the cause when taking the wait out of the calls closes at least half the gap.
    const pacing =
      lib.pacing.calls > 0 &&
      libSlower.every((p) => (lib.latencyMs[p] ?? 0) - (unpaced[p] ?? 0) >= ((lib.latencyMs[p] ?? 0) - (sdk.latencyMs[p] ?? 0)) / 2);
    const cause = pacing
      ? `because they waited for its rate limiter: without that wait they took ${list(libSlower.map((p) => `${formatLatency(unpaced[p])} at ${p}`))}`
      : retries(lib) > retries(sdk)
        ? "because it retried more, and every retry waits out a backoff"
        : `and ${MEASUREMENT_ONLY}`;
    sentences.push(`The cost: ${LIB}'s calls were slower (${against(lib, sdk, libSlower)}), ${cause}.`);
  }
  // A median failing fast behind an open breaker is told with the breaker.
  const sdkSlower = gaps(sdk, lib).filter((p) => !(p === "p50" && lib.refused * 2 > lib.calls));
  if (sdkSlower.length > 0) {
    const cause = retries(sdk) > retries(lib) ? "they waited out a backoff before each retry" : MEASUREMENT_ONLY;
    sentences.push(`${capitalize(SDK)}'s calls were slower (${against(sdk, lib, sdkSlower)}): ${cause}.`);
  }
  return sentences;
}

function readPhase(context: PhaseContext): PhaseReading {
  return {
    phase: context.phase,
    happened: happened(context.phase, context.options),
    verdict: verdict(context.pair),
    why: [
      ...breakerSentences(context),
      ...lossSentences(context),
      ...pacingSentences(context),
      ...retrySentences(context),
      ...latencySentences(context.pair),
    ],
  };
}

/** Phases where `n` is positive, largest first, as "the outage phase (287 fewer)". */
function byPhase(differences: ReadonlyArray<{ phase: PhaseName; n: number; note: string }>): string {
  return list(
    differences
      .filter(({ n }) => n > 0)
      .sort((a, b) => b.n - a.n)
      .map(({ phase, note }) => `${phaseName(phase)} (${note})`),
  );
}

/** The give-up reason smithy-resilience has most more of than the SDK, if any. */
function extraGiveUp({ sdk, lib }: Pair): GiveUpReason | undefined {
  const [top] = (Object.keys(GIVE_UP_PHRASES) as GiveUpReason[])
    .map((reason) => ({ reason, n: giveUps(lib, reason) - giveUps(sdk, reason) }))
    .sort((a, b) => b.n - a.n);
  return top.n > 0 ? top.reason : undefined;
}

/** Why the totals on the top cards differ, phase by phase. */
function readOverall(all: Pair, phases: ReadonlyArray<{ phase: PhaseName; pair: Pair }>): string[] {
  const { sdk, lib } = all;
  const sentences = [
    `Over the whole run ${LIB} completed ${lib.successes} of ${lib.calls} calls (${pct(lib)}), ${SDK} ${sdk.successes} (${pct(sdk)}).`,
  ];
  const lost = phases.map(({ phase, pair }) => {
    const n = pair.sdk.successes - pair.lib.successes;
    const reason = extraGiveUp(pair);
    return { phase, n, note: `${n} fewer${reason ? `, ${GIVE_UP_PHRASES[reason]}` : ""}` };
  });
  const gained = phases.map(({ phase, pair }) => ({ phase, n: pair.lib.successes - pair.sdk.successes, note: `${pair.lib.successes - pair.sdk.successes} more` }));
  if (lost.some(({ n }) => n > 0)) sentences.push(`It completed fewer calls than ${SDK} in ${byPhase(lost)}.`);
  if (gained.some(({ n }) => n > 0)) sentences.push(`It completed more calls than ${SDK} in ${byPhase(gained)}.`);

  const saved = sdk.requests - lib.requests;
  if (saved !== 0) {
    const word = saved > 0 ? "fewer" : "more";
    const sign = Math.sign(saved);
    const diffs = phases.map(({ phase, pair }) => {
      const n = sign * (pair.sdk.requests - pair.lib.requests);
      return { phase, n, note: `${n} ${word}` };
    });
    sentences.push(
      `It sent ${Math.abs(saved)} ${word} requests (${lib.requests} against ${sdk.requests}, ${perCall(lib)} per call against ` +
        `${perCall(sdk)}), in ${byPhase(diffs)}.`,
    );
  }
  const paced = phases.filter(({ pair }) => pair.lib.pacing.calls > 0);
  if (paced.length > 0) {
    const [throttling, quiet] = [
      paced.filter(({ pair }) => throttledRequests(pair.sdk) + throttledRequests(pair.lib) > 0),
      paced.filter(({ pair }) => throttledRequests(pair.sdk) + throttledRequests(pair.lib) === 0),
    ];
    const names = (ps: typeof paced) => list(ps.map(({ phase }) => phaseName(phase)));
    const clauses: string[] = [];
    if (throttling.length > 0) {
      clauses.push(
        `in ${names(throttling)} that wait is how it was throttled less (${throttledRequests(lib)} requests against ` +
          `${SDK}'s ${throttledRequests(sdk)})`,
      );
    }
    if (quiet.length > 0) {
      clauses.push(`in ${names(quiet)}, where the service throttled no one, it was still pacing at the rate it had learned: a wait that bought nothing`);
    }
    sentences.push(
      `Its rate limiter held ${count(lib.pacing.calls, "call")} back before sending, ${formatLatency(lib.pacing.totalMs)} in all ` +
        `(${list(paced.map(({ phase, pair }) => `${formatLatency(pair.lib.pacing.totalMs)} in ${phaseName(phase)}`))}).` +
        (clauses.length > 0 ? ` ${capitalize(clauses.join("; "))}.` : ""),
    );
  }
  return [...sentences, ...latencySentences(all)];
}

/** Reads a run: the top cards' totals explained, then each phase in the order it ran. */
export function readRun(results: DemoResults): RunReading {
  const pairs = pairByPhase(results.summary);
  const all = pairs.get(ALL_PHASES);
  const order = results.phases.map((p) => p.name);
  const phases = order.flatMap((phase) => {
    const pair = pairs.get(phase);
    return pair ? [{ phase, pair }] : [];
  });
  const breakers = new Map<string, CircuitChangeRecord[]>();
  for (const change of results.circuitChanges) {
    if (change.variant === "smithy-resilience") breakers.set(change.service, [...(breakers.get(change.service) ?? []), change]);
  }
  /** Each breaker's changes during the phases `order[from]` to `order[to - 1]`. */
  const changesDuring = (from: number, to: number) =>
    [...breakers.values()].map((changes) => changes.filter((c) => order.indexOf(c.phase) >= from && order.indexOf(c.phase) < to));
  const breakersIn = (phase: PhaseName) => {
    const before = changesDuring(0, order.indexOf(phase));
    return changesDuring(order.indexOf(phase), order.indexOf(phase) + 1).map((changes, i) => ({
      openAtStart: before[i].length > 0 && before[i][before[i].length - 1].to !== "closed",
      changes,
    }));
  };
  return {
    overall: all ? readOverall(all, phases) : [],
    phases: phases.map(({ phase, pair }, i) =>
      readPhase({
        phase,
        pair,
        previous: i > 0 ? phases[i - 1].phase : undefined,
        libByService: results.byService.filter((r) => r.phase === phase && r.variant === "smithy-resilience"),
        breakers: breakersIn(phase),
        lastThrottledPhase: phases
          .slice(0, i)
          .filter(({ pair: earlier }) => throttledRequests(earlier.lib) > 0)
          .map((p) => p.phase)
          .pop(),
        options: results.options,
      }),
    ),
  };
}
