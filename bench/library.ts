/**
 * The library as its users run it: the package's build, loaded by its name (package.json's `exports` map
 * `smithy-resilience` to `dist/`), not the TypeScript sources through the bench's loader. That loader
 * turns every import between the library's modules into a getter call and names every function it
 * creates with an `Object.defineProperty`: costs no user pays, which move a ratio of a few percent by a
 * point or more. `npm run bench` builds the package first. The types are the sources'. Under jest the
 * names map to the sources (jest.config.ts); the memory scenario's worker threads, which jest does not
 * load, take the build, which `npm ci` and `npm test` (packing the package) make.
 */
import type * as Core from "../src";
import type * as Otel from "../src/otel";

// Loaded by name at run time and typed from the sources, so that type-checking needs no build.
/* eslint-disable @typescript-eslint/no-require-imports */
export const { createResilience } = require("smithy-resilience") as typeof Core;
export const { openTelemetryMetrics } = require("smithy-resilience/otel") as typeof Otel;
/* eslint-enable @typescript-eslint/no-require-imports */
