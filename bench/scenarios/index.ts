/** Every scenario, in run order: the memory run last, since it keeps both cores busy. */
import type { Scenario } from "../scenario";
import { badRequest } from "./badRequest";
import { flaky } from "./flaky";
import { memory } from "./memory";
import { outage } from "./outage";
import { overhead } from "./overhead";
import { smsVoiceFlaky } from "./smsVoiceFlaky";
import { throttled } from "./throttled";

export const SCENARIOS: readonly Scenario[] = [overhead, flaky, outage, throttled, badRequest, smsVoiceFlaky, memory];
