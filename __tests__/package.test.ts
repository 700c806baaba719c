/**
 * The published shape: `npm run build` produces CJS, ESM and declarations, and the `exports` map serves
 * `smithy-resilience` and `smithy-resilience/testing` to `require` and `import` alike, plus the bin.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");
const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" }).trim();

beforeAll(() => {
  execFileSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: "pipe" });
}, 120_000);

test("CommonJS consumers get both entry points", () => {
  const out = node(["-e", 'const m = require("smithy-resilience"); const t = require("smithy-resilience/testing"); console.log(typeof m.createResilience, typeof m.CircuitOpenError, typeof t.startEmulator)']);
  expect(out).toBe("function function function");
});

test("ES module consumers get both entry points", () => {
  const out = node([
    "--input-type=module",
    "-e",
    'import { createResilience } from "smithy-resilience"; import { startEmulator } from "smithy-resilience/testing"; console.log(typeof createResilience, typeof startEmulator)',
  ]);
  expect(out).toBe("function function");
});

test("type declarations exist where the exports map points", () => {
  type Conditions = Record<"import" | "require", { types: string; default: string }>;
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, Conditions>; bin: Record<string, string> };
  for (const entry of [".", "./testing"]) {
    for (const condition of ["import", "require"] as const) expect(existsSync(join(root, pkg.exports[entry][condition].types))).toBe(true);
  }
  expect(existsSync(join(root, pkg.bin["smithy-resilience-emulator"]))).toBe(true);
});

test("the emulator bin answers --help", () => {
  expect(node(["dist/bin/emulator.js", "--help"])).toMatch(/--port/);
});
