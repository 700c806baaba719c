/**
 * Compiled by `npm run typecheck`, never run: the README's usage must type-check without casts on
 * every client line (Smithy 4.x in current clients, 2.x in SMS Voice 3.523).
 */
import { PinpointClient } from "@aws-sdk/client-pinpoint";
import { PinpointSMSVoiceClient } from "@aws-sdk/client-pinpoint-sms-voice";
import { PinpointSMSVoiceV2Client } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import { createResilience } from "../src";

const r = createResilience({ maxAttempts: 4 });
const pinpoint = new PinpointClient({ region: "us-east-1", retryStrategy: r.retryStrategy, logger: console });
pinpoint.middlewareStack.use(r.plugin);
const voice = new PinpointSMSVoiceClient({ region: "us-east-1", retryStrategy: r.retryStrategy, logger: console });
voice.middlewareStack.use(r.plugin);
const voiceV2 = new PinpointSMSVoiceV2Client({ region: "us-east-1", retryStrategy: r.retryStrategy });
voiceV2.middlewareStack.use(r.plugin);
