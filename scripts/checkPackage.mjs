#!/usr/bin/env node
/**
 * `npm run check:package` (part of `npm test`): checks the package as consumers receive it.
 *
 * 1. `npm pack` once into a temporary directory (which runs `prepare`, hence the build);
 * 2. the tarball holds the entry points, their types, the bin, README and CHANGELOG;
 * 3. `publint --strict` and `attw` (every resolution mode) on that tarball: any problem fails;
 * 4. the consumer projects of __tests__/package/consumers (ESM node16, CJS node10, bundler) type-check
 *    against the tarball extracted into their node_modules;
 * 5. a Node script `require`s and `import`s the package: both work, and `CircuitOpenError` is
 *    `instanceof` across the CJS and ESM builds;
 * 6. the core bundles (main, testing, bin) import no optional peer of a sub-path entry (`/otel`,
 *    `/cloudwatch`, and `redis` or `ioredis` for `/redis`); the `/redis` bundles import no Redis client at all
 *    (they drive the one the user passes).
 *
 * No network: the tarball is extracted, and the consumers' other dependencies (@smithy/types,
 * @types/node, @opentelemetry/*, aws-embedded-metrics and its dependency) are symlinks to this repository's node_modules. Runs every check it
 * can, prints each failing tool's output, then exits 1, keeping the temporary directory for inspection.
 */
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { dirname, join } from "node:path";
import console from "node:console";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);
const consumersDir = join(root, "__tests__", "package", "consumers");
const CONSUMERS = ["esm-node16", "cjs-node10", "bundler"];
/** Packages the consumers need besides smithy-resilience, linked from this repository. */
const LINKED = ["@smithy", "@types", "@opentelemetry", "aws-embedded-metrics", "@datastructures-js"];
/** Packages only a sub-path entry imports (optional peers): the main and testing bundles and the bin must not. */
const SUBPATH_ONLY = ["@opentelemetry/", "aws-embedded-metrics"];
/** An import of a Redis client (the word "redis" alone is in messages that name `smithy-resilience/redis`). */
const REDIS_CLIENT_IMPORT = /(?:require\(|from\s*|import\(\s*)["'](?:redis|ioredis|@redis\/[^"']*)["']/;
/** The bundles of the `/redis` entry. */
const REDIS_BUNDLES = ["dist/redis/index.js", "dist/redis/index.mjs"];
/** The bundles a user gets without importing a sub-path entry. */
const CORE_BUNDLES = ["dist/index.js", "dist/index.mjs", "dist/testing/index.js", "dist/testing/index.mjs", "dist/bin/emulator.js"];
const REQUIRED_FILES = [
  "package.json",
  "README.md",
  "CHANGELOG.md",
  "dist/index.js",
  "dist/index.mjs",
  "dist/index.d.ts",
  "dist/index.d.mts",
  "dist/testing/index.js",
  "dist/testing/index.mjs",
  "dist/testing/index.d.ts",
  "dist/testing/index.d.mts",
  "dist/otel/index.js",
  "dist/otel/index.mjs",
  "dist/otel/index.d.ts",
  "dist/otel/index.d.mts",
  "dist/cloudwatch/index.js",
  "dist/cloudwatch/index.mjs",
  "dist/cloudwatch/index.d.ts",
  "dist/cloudwatch/index.d.mts",
  "dist/redis/index.js",
  "dist/redis/index.mjs",
  "dist/redis/index.d.ts",
  "dist/redis/index.d.mts",
  "dist/bin/emulator.js",
];

const work = mkdtempSync(join(tmpdir(), "smithy-resilience-package-"));
const failures = [];

/** Runs a command and returns its output; on failure records it, prints what the tool said, returns undefined. */
function run(title, file, args, options = {}) {
  const started = performance.now();
  try {
    const output = execFileSync(file, args, { cwd: root, encoding: "utf8", stdio: "pipe", ...options });
    console.log(`ok   ${title} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
    return output;
  } catch (error) {
    fail(title, `${error.stdout ?? ""}${error.stderr ?? ""}`.trim() || String(error));
    return undefined;
  }
}

function fail(title, detail) {
  failures.push(title);
  console.error(`FAIL ${title}\n\n${detail.replace(/^/gm, "     ")}\n`);
}

/** Ends the check: exit 1 naming the failed steps, or clean up. */
function finish() {
  if (failures.length > 0) {
    console.error(`Package check failed: ${failures.join("; ")}.\nTemporary files kept in ${work}`);
    process.exit(1);
  }
  rmSync(work, { recursive: true, force: true });
  console.log("Package check passed.");
  process.exit(0);
}

run("npm pack (runs prepare: the build)", "npm", ["pack", "--pack-destination", work, "--silent"]);
const tarballName = readdirSync(work).find((name) => name.endsWith(".tgz"));
if (!tarballName) {
  fail("npm pack", `no .tgz in ${work}`);
  finish();
}
const tarball = join(work, tarballName);

const listing = run("list the tarball", "tar", ["-tzf", tarball]) ?? "";
const listed = new Set(listing.split("\n").filter(Boolean).map((line) => line.replace(/^package\//, "")));
const missing = REQUIRED_FILES.filter((file) => !listed.has(file));
if (missing.length > 0) fail("tarball contents", `${tarballName} lacks ${missing.join(", ")}. Are \`files\` in package.json and the build right?`);
else console.log(`ok   tarball holds the entry points, types, bin, README and CHANGELOG (${listed.size} files)`);

// --strict fails on warnings; suggestions only print, so they are failed here.
const lint = run("publint --strict", bin("publint"), ["run", tarball, "--strict"]);
if (lint?.includes("Suggestions:")) fail("publint suggestions", lint);
// --no-definitely-typed: offline, and the package ships its own types.
run("attw (node10, node16 CJS and ESM, bundler)", bin("attw"), [tarball, "--no-definitely-typed", "--format", "ascii"]);

for (const name of CONSUMERS) {
  const dir = join(work, "consumers", name);
  cpSync(join(consumersDir, name), dir, { recursive: true });
  const installed = join(dir, "node_modules", "smithy-resilience");
  mkdirSync(installed, { recursive: true });
  run(`${name}: extract the tarball into node_modules`, "tar", ["-xzf", tarball, "-C", installed, "--strip-components=1"]);
  for (const linked of LINKED) symlinkSync(join(root, "node_modules", linked), join(dir, "node_modules", linked), "junction");
  run(`${name}: tsc --noEmit`, process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", dir]);
}

const esmConsumer = join(work, "consumers", "esm-node16");
const installedDist = join(esmConsumer, "node_modules", "smithy-resilience");
const leaks = CORE_BUNDLES.flatMap((file) => {
  const text = readFileSync(join(installedDist, file), "utf8");
  const mentions = SUBPATH_ONLY.filter((name) => text.includes(name)).map((name) => `${file} mentions ${name}`);
  return REDIS_CLIENT_IMPORT.test(text) ? [...mentions, `${file} imports a Redis client`] : mentions;
});
for (const file of REDIS_BUNDLES) {
  if (REDIS_CLIENT_IMPORT.test(readFileSync(join(installedDist, file), "utf8"))) leaks.push(`${file} imports a Redis client (it must drive the one it is given)`);
}
if (leaks.length > 0) fail("core bundles import no optional peer", leaks.join("\n"));
else console.log(`ok   the core bundles import none of ${SUBPATH_ONLY.join(", ")}, redis, ioredis (a user who does not import a sub-path installs nothing more); /redis imports no Redis client`);
cpSync(join(root, "__tests__", "package", "dualPackage.mjs"), join(esmConsumer, "dualPackage.mjs"));
run("require and import of the package; CircuitOpenError instanceof across builds", process.execPath, ["dualPackage.mjs"], { cwd: esmConsumer });
run("the emulator bin answers --help", process.execPath, [join(esmConsumer, "node_modules", "smithy-resilience", "dist", "bin", "emulator.js"), "--help"]);

finish();
