/**
 * `smithy-resilience/testing`: a local emulator of Pinpoint, SMS Voice v1 and SMS Voice v2 with fault
 * injection, for testing retry behaviour through the real SDK clients.
 * @packageDocumentation
 * @module smithy-resilience/testing
 */

export { startEmulator } from "./emulator";
export { createSeededRandom } from "./random";
export type {
  Emulator,
  EmulatorOptions,
  EmulatorService,
  EmulatorStats,
  FaultResponse,
  FaultRules,
  Match,
  OperationStats,
  RecordedRequest,
  ScriptStep,
} from "./types";
