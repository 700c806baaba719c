/**
 * A user who does not import `smithy-resilience/otel` installs nothing more: no module reachable from
 * the main or testing entry imports src/otel or an `@opentelemetry/*` package (checkPackage.mjs checks
 * the built bundles too). And src/otel reaches the rest of the library by types only.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const src = join(__dirname, "..", "..", "src");
const SPECIFIER = /(?:^|\s)(?:import|export)\s(?:type\s)?[^;]*?from\s+"([^"]+)"|import\(\s*"([^"]+)"\s*\)|require\(\s*"([^"]+)"\s*\)/gm;

/** The specifiers a file imports (comments left out), with whether the import is type-only (erased at run time). */
function importsOf(file: string): Array<{ specifier: string; typeOnly: boolean }> {
  const code = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  return [...code.matchAll(SPECIFIER)].map((m) => ({ specifier: m[1] ?? m[2] ?? m[3], typeOnly: /^\s*(?:import|export)\s+type\s/.test(m[0]) }));
}

function resolveLocal(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, "index.ts")].find((candidate) => existsSync(candidate));
}

/** Every module reachable from `entry` at run time (type-only imports left out), and the packages they import. */
function reachable(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>([entry]);
  const packages = new Set<string>();
  for (const file of files) {
    for (const { specifier, typeOnly } of importsOf(file)) {
      if (typeOnly) continue;
      if (!specifier.startsWith(".")) {
        packages.add(specifier);
        continue;
      }
      const target = resolveLocal(file, specifier);
      if (target) files.add(target);
    }
  }
  return { files: [...files].map((f) => relative(src, f)), packages: [...packages] };
}

test.each(["index.ts", "testing/index.ts", "bin/emulator.ts"])("src/%s reaches neither src/otel nor @opentelemetry", (entry) => {
  const { files, packages } = reachable(join(src, entry));
  expect(files.length).toBeGreaterThan(3);
  expect(files.filter((f) => f.startsWith("otel"))).toEqual([]);
  expect(packages.filter((p) => p.startsWith("@opentelemetry"))).toEqual([]);
});

test("src/otel reaches only its own modules and the two OpenTelemetry packages at run time", () => {
  const { files, packages } = reachable(join(src, "otel", "index.ts"));
  expect(files.every((f) => f.startsWith("otel"))).toBe(true);
  expect(packages.sort()).toEqual(["@opentelemetry/api", "@opentelemetry/semantic-conventions"]);
});
