/**
 * Which Chromium the report's browser test and screenshot drive. `npm ci` alone must be enough, so the
 * last resort is the Chromium shipped inside the `@sparticuz/chromium` devDependency (Linux x64 only); a
 * browser the machine already has, or one named by `CHROMIUM_PATH`, comes first.
 * @packageDocumentation
 */

import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import bundledChromium from "@sparticuz/chromium";

/** Where the chosen executable came from. */
export type BrowserSource = "CHROMIUM_PATH" | "system" | "npm";

/** A Chromium executable to launch, and why it was chosen. */
export interface BrowserExecutable {
  path: string;
  source: BrowserSource;
}

/** The environment variable that names a Chromium (or Chrome) executable to use instead of any other. */
export const CHROMIUM_PATH_VARIABLE = "CHROMIUM_PATH";

/** Usual install locations of a system Chromium or Chrome, tried in this order before `PATH`. */
export const SYSTEM_CHROMIUM_PATHS: readonly string[] = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/** Command names of a system Chromium, looked up on `PATH`. */
export const CHROMIUM_COMMANDS: readonly string[] = ["chromium", "chromium-browser"];

/** What the choice looks at; tests pass a fake machine. */
export interface BrowserLookup {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  arch: string;
  isExecutable(path: string): boolean;
  /** Unpacks the npm package's Chromium (into the temp directory, once) and returns its path. */
  unpackBundled(): Promise<string>;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** This machine. */
export const systemLookup: BrowserLookup = {
  env: process.env,
  platform: process.platform,
  arch: process.arch,
  isExecutable: isExecutableFile,
  unpackBundled: () => bundledChromium.executablePath(),
};

/**
 * Chooses the Chromium to launch, in this order:
 * 1. `CHROMIUM_PATH`, when set: it must be an executable file, else this throws (no quiet fallback from
 *    an explicit choice);
 * 2. a system Chromium at a usual location ({@link SYSTEM_CHROMIUM_PATHS}), then on `PATH`
 *    ({@link CHROMIUM_COMMANDS});
 * 3. the Chromium inside `@sparticuz/chromium`, on Linux x64 (the only build the package ships).
 *
 * @throws Error saying what to install or set, when none of these is available.
 */
export async function chooseBrowserExecutable(lookup: BrowserLookup = systemLookup): Promise<BrowserExecutable> {
  const named = lookup.env[CHROMIUM_PATH_VARIABLE]?.trim();
  if (named) {
    if (!lookup.isExecutable(named)) throw new Error(`${CHROMIUM_PATH_VARIABLE} is ${named}, which is not an executable file.`);
    return { path: named, source: "CHROMIUM_PATH" };
  }
  const onPath = (lookup.env.PATH ?? "")
    .split(delimiter)
    .filter((dir) => dir !== "")
    .flatMap((dir) => CHROMIUM_COMMANDS.map((command) => join(dir, command)));
  const system = [...SYSTEM_CHROMIUM_PATHS, ...onPath].find((path) => lookup.isExecutable(path));
  if (system) return { path: system, source: "system" };
  if (lookup.platform === "linux" && lookup.arch === "x64") return { path: await lookup.unpackBundled(), source: "npm" };
  throw new Error(
    `No Chromium found, and the one in @sparticuz/chromium runs on Linux x64 only (this is ${lookup.platform} ${lookup.arch}). ` +
      `Install Chromium or Chrome, or set ${CHROMIUM_PATH_VARIABLE} to its executable.`,
  );
}
