/**
 * Headless Chromium for the report's screenshot and its browser test, driven by playwright-core (which
 * downloads no browser of its own); which executable is chosen in {@link chooseBrowserExecutable}.
 * @packageDocumentation
 */

import { chromium, type Browser } from "playwright-core";
import { chooseBrowserExecutable, CHROMIUM_PATH_VARIABLE, type BrowserExecutable, type BrowserLookup } from "./browserExecutable";

/** The same flags for every executable, so the browser test checks the same thing on every machine. */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const SOURCE_NAMES: Readonly<Record<BrowserExecutable["source"], string>> = {
  CHROMIUM_PATH: `named by ${CHROMIUM_PATH_VARIABLE}`,
  system: "found on this machine",
  npm: "from the @sparticuz/chromium package",
};

/**
 * Launches headless Chromium: a system one or `CHROMIUM_PATH` when there is one, else the npm package's.
 * @throws Error naming the executable and where it came from when it does not start.
 */
export async function launchChromium(lookup?: BrowserLookup): Promise<Browser> {
  const executable = await chooseBrowserExecutable(lookup);
  try {
    return await chromium.launch({ executablePath: executable.path, args: CHROMIUM_ARGS });
  } catch (error) {
    // The package unpacks once and reuses what it finds: an interrupted first unpack leaves a broken file.
    const hint = executable.source === "npm" ? ` If an earlier unpack was interrupted, delete ${executable.path} and retry.` : "";
    throw new Error(
      `Chromium at ${executable.path} (${SOURCE_NAMES[executable.source]}) did not start.${hint} ` +
        `Set ${CHROMIUM_PATH_VARIABLE} to use another one.`,
      { cause: error },
    );
  }
}
