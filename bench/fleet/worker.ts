/**
 * One process of a fleet: a real PinpointClient sending SendMessages over loopback HTTP to the emulator on
 * an open-loop schedule, with the stack its plan names. Run as a script by `startWorker` (workers.ts): it
 * receives its plan, warms up, says ready, starts its clock on "go", and reports what it measured.
 */
import { setMaxListeners } from "node:events";
import { PinpointClient, SendMessagesCommand } from "@aws-sdk/client-pinpoint";
import type { Resilience } from "../../src";
import { createResilience } from "../../src";
import { redisStore } from "../../src/redis";
import { createSeededRandom } from "../../src/testing";
import { drive } from "../family/runCell";
import { arrivalTimes } from "../family/schedule";
import { percentile } from "../measure";
import type { FromWorker, SharingSample, ToWorker, WorkerPlan, WorkerResult } from "./protocol";
import type { ConnectedRedis } from "./redisClients";
import { connectRedis } from "./redisClients";

const REGION = "us-east-1";
const CREDENTIALS = { accessKeyId: "AKIDFLEET", secretAccessKey: "fleet-secret" };

const sendMessages = () =>
  new SendMessagesCommand({
    ApplicationId: "fleet-app",
    MessageRequest: {
      Addresses: { "+15555550100": { ChannelType: "SMS" } },
      MessageConfiguration: { SMSMessage: { Body: "fleet", MessageType: "TRANSACTIONAL" } },
    },
  });

/** The distinct `pacing.sharing` values of a snapshot, over routes and their separately metered operations. */
export function sharingOf(resilience: Resilience | undefined): string[] {
  const values = new Set<string>();
  for (const route of resilience?.snapshot().routes ?? []) {
    const pacing = route.pacing;
    if (pacing?.sharing) values.add(pacing.sharing);
    for (const operation of Object.values(pacing?.operations ?? {})) if (operation.sharing) values.add(operation.sharing);
  }
  return [...values].sort();
}

/** "TooManyRequestsException 429": a failed call's error name and HTTP status, never its message. */
function failureReason(error: unknown): string {
  const failure = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = failure?.$metadata?.httpStatusCode;
  return `${failure?.name ?? "unknown"}${status ? ` ${status}` : ""}`;
}

/** Counts HTTP requests and 429 answers, from the worker's clock start; counts nothing before it. */
class RequestCounter {
  requests = 0;
  throttled = 0;
  firstSecond = { requests: 0, throttled: 0 };
  private startedAt: number | undefined;

  start(): void {
    this.startedAt = performance.now();
  }

  /** A deserialize-step middleware: it runs once per HTTP request, just before the handler, and sees the raw response. */
  middleware() {
    return (next: (args: unknown) => Promise<{ response?: { statusCode?: number } }>) => async (args: unknown) => {
      const at = this.startedAt === undefined ? undefined : performance.now() - this.startedAt;
      if (at !== undefined) this.requests++;
      const inFirstSecond = at !== undefined && at < 1000;
      if (inFirstSecond) this.firstSecond.requests++;
      const output = await next(args);
      if (at !== undefined && output.response?.statusCode === 429) {
        this.throttled++;
        if (inFirstSecond) this.firstSecond.throttled++;
      }
      return output;
    };
  }
}

/** Builds the plan's stack: the client, its resilience instance (none for SDK standard) and the store's Redis. */
async function buildStack(plan: WorkerPlan, counter: RequestCounter, log: { warn(): void; info(): void }) {
  let redis: ConnectedRedis | undefined;
  let resilience: Resilience | undefined;
  if (plan.variant !== "sdk-standard") {
    if (plan.variant === "store") {
      if (!plan.redis) throw new Error("the store variant needs plan.redis");
      redis = await connectRedis(plan.redis.client, plan.redis.url);
      // Counted, not printed: the messages are the store's to word, the counts the test's to check.
      const store = redisStore({ client: redis.client as never, prefix: plan.redis.prefix, logger: log, ...(plan.redis.timeoutMs ? { timeoutMs: plan.redis.timeoutMs } : {}) });
      resilience = createResilience({ clock: { random: createSeededRandom(plan.seed) }, store, ...(plan.deadlineMs ? { deadlineMs: plan.deadlineMs } : {}) });
    } else {
      resilience = createResilience({ clock: { random: createSeededRandom(plan.seed) }, ...(plan.deadlineMs ? { deadlineMs: plan.deadlineMs } : {}) });
    }
  }
  const client = new PinpointClient({
    region: REGION,
    credentials: CREDENTIALS,
    endpoint: plan.endpoint,
    ...(resilience ? { retryStrategy: resilience.retryStrategy } : { retryMode: "standard" }),
  });
  if (resilience) client.middlewareStack.use(resilience.plugin);
  client.middlewareStack.add(counter.middleware() as never, { step: "deserialize", priority: "low", name: "fleetBenchRequestCounter" });
  return { client, resilience, redis };
}

/** Runs a plan: warm-up, ready, wait for go, the schedule, the summary. */
async function run(plan: WorkerPlan, go: Promise<void>, send: (message: FromWorker) => void): Promise<WorkerResult> {
  const counter = new RequestCounter();
  let warnings = 0;
  let resumes = 0;
  const { client, resilience, redis } = await buildStack(plan, counter, { warn: () => warnings++, info: () => resumes++ });
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const samples: SharingSample[] = [];
  let sampler: NodeJS.Timeout | undefined;
  try {
    for (let i = 0; i < plan.warmUpCalls; i++) await client.send(sendMessages()).catch(() => undefined);
    send({ type: "ready" });
    await go;
    const arrivalsMs = arrivalTimes({ segments: [{ durationMs: plan.durationMs, ratePerSecond: plan.ratePerSecond }], process: "poisson", seed: plan.seed });
    const failures: Record<string, number> = {};
    let capped = false;
    counter.start();
    const t0 = performance.now();
    if (plan.sampleSharingEveryMs > 0) {
      sampler = setInterval(() => samples.push({ atMs: Math.round(performance.now() - t0), sharing: sharingOf(resilience) }), plan.sampleSharingEveryMs);
    }
    const records = await drive({ arrivalsMs, graceMs: plan.graceMs }, () =>
      client.send(sendMessages(), { abortSignal: controller.signal }).catch((error: unknown) => {
        // Calls abandoned at the cap are aborted below; they count as unfinished, not as failures.
        if (!capped) failures[failureReason(error)] = (failures[failureReason(error)] ?? 0) + 1;
        throw error;
      }),
    );
    capped = true;
    clearInterval(sampler);
    samples.push({ atMs: Math.round(performance.now() - t0), sharing: sharingOf(resilience) });
    const inWindow = records.filter((r) => r.scheduledMs >= plan.window.fromMs && r.scheduledMs < plan.window.toMs);
    const succeeded = inWindow.filter((r) => r.ok);
    return {
      calls: records.length,
      window: {
        calls: inWindow.length,
        succeeded: succeeded.length,
        failed: inWindow.filter((r) => !r.ok && !r.unfinished).length,
        unfinished: inWindow.filter((r) => r.unfinished).length,
      },
      latenciesMs: succeeded.map((r) => Math.round(10 * (r.endMs - r.startMs)) / 10),
      failures,
      unfinished: records.filter((r) => r.unfinished).length,
      requests: counter.requests,
      throttled: counter.throttled,
      firstSecond: { ...counter.firstSecond },
      warnings,
      resumes,
      sharingSamples: samples,
      driverLagP99Ms: records.length === 0 ? 0 : Math.round(percentile(records.map((r) => r.startMs - r.scheduledMs), 99)),
    };
  } finally {
    clearInterval(sampler);
    controller.abort();
    client.destroy();
    await redis?.close();
  }
}

function serve(): void {
  let startClock: () => void = () => undefined;
  const go = new Promise<void>((resolve) => (startClock = resolve));
  const send = (message: FromWorker) => process.send?.(message);
  process.on("message", (message: ToWorker) => {
    if (message.type === "go") startClock();
    if (message.type !== "plan") return;
    run(message.plan, go, send).then(
      (result) => send({ type: "done", result }),
      (error: Error) => send({ type: "failed", message: error.message }),
    );
  });
  // The parent lets go once it has the result; a Redis client's sockets must not hold the process.
  process.once("disconnect", () => process.exit(0));
}

if (require.main === module && process.send) serve();
