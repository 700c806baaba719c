#!/usr/bin/env node
/**
 * Builds dist/ (run by `npm run build` and by `prepare`, so `npm pack`, `npm publish` and git installs
 * all ship a built package):
 * - dist/index.js, dist/testing/index.js, dist/otel/index.js, dist/cloudwatch/index.js, dist/redis/index.js: CommonJS bundles, for `require`;
 * - dist/index.mjs, dist/testing/index.mjs, dist/otel/index.mjs, dist/cloudwatch/index.mjs, dist/redis/index.mjs: ES module bundles, for `import`;
 * - dist/bin/emulator.js: the `smithy-resilience-emulator` bin;
 * - dist/**\/*.d.ts: declarations from `tsc -p tsconfig.build.json`, typing the CommonJS entries;
 * - dist/index.d.mts, dist/testing/index.d.mts, dist/otel/index.d.mts, dist/cloudwatch/index.d.mts, dist/redis/index.d.mts: the ES module entries' types (see writeEsmTypes).
 *
 * `packages: "external"` keeps every dependency out of the bundles: dist/otel/* imports
 * `@opentelemetry/api` and `@opentelemetry/semantic-conventions`, dist/cloudwatch/* imports
 * `aws-embedded-metrics` (optional peers); dist/redis/* imports no Redis client at all (it drives the
 * node-redis or ioredis client it is given, both optional peers); the main entry imports none of them
 * (scripts/checkPackage.mjs checks it).
 */
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
/** Keep in step with `engines.node` in package.json. */
const target = "node20";

rmSync(join(root, "dist"), { recursive: true, force: true });

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target,
  packages: "external",
  sourcemap: true,
  outbase: "src",
  outdir: "dist",
  logLevel: "warning",
};
await Promise.all([
  build({ ...common, entryPoints: ["src/index.ts", "src/testing/index.ts", "src/otel/index.ts", "src/cloudwatch/index.ts", "src/redis/index.ts", "src/bin/emulator.ts"], format: "cjs" }),
  build({
    ...common,
    entryPoints: ["src/index.ts", "src/testing/index.ts", "src/otel/index.ts", "src/cloudwatch/index.ts", "src/redis/index.ts"],
    format: "esm",
    outExtension: { ".js": ".mjs" },
  }),
]);

execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });

writeEsmTypes("dist/index.d.mts", "./index.js");
writeEsmTypes("dist/testing/index.d.mts", "./index.js");
writeEsmTypes("dist/otel/index.d.mts", "./index.js");
writeEsmTypes("dist/cloudwatch/index.d.mts", "./index.js");
writeEsmTypes("dist/redis/index.d.mts", "./index.js");

/**
 * The `import` condition needs ES-module-format types (a .d.mts), or TypeScript under node16/nodenext
 * types the ESM bundle as CommonJS ("masquerading as CJS"). Each .d.mts re-exports the entry's .d.ts
 * rather than duplicating every declaration: the two bundles export the same names and shapes, and one
 * set of declarations means a type (say a class with private members) is the same type from `import`
 * and `require`. `CircuitOpenError`'s brand makes that hold at run time for `instanceof` too.
 */
function writeEsmTypes(file, cjsTypes) {
  writeFileSync(join(root, file), `// Types of the ES module entry: the same declarations as the CommonJS entry.\nexport * from "${cjsTypes}";\n`);
}
