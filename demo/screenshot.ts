/**
 * `npm run report:screenshot`: a full-page PNG of the HTML report, to check by eye that it reads well.
 * Runs the demo first when there is no report yet.
 * @packageDocumentation
 */

import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { DEFAULT_REPORT_PATH } from "./args";
import { launchChromium } from "./browser";
import { main } from "./main";

const DEFAULT_SCREENSHOT_PATH = "reports/demo-report.png";

async function screenshot(reportPath: string, pngPath: string): Promise<void> {
  if (!existsSync(reportPath) && (await main(["--report", reportPath])) !== 0) throw new Error("the demo failed");
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1040, height: 900 } });
    await page.goto(pathToFileURL(resolve(reportPath)).href);
    await page.screenshot({ path: pngPath, fullPage: true });
  } finally {
    await browser.close();
  }
  process.stdout.write(`Screenshot: ${resolve(pngPath)}\n`);
}

screenshot(process.argv[2] ?? DEFAULT_REPORT_PATH, process.argv[3] ?? DEFAULT_SCREENSHOT_PATH).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
