import { chooseBrowserExecutable, type BrowserLookup } from "../../demo/browserExecutable";

const BUNDLED = "/tmp/chromium";

/** A fake machine: these files are executable, this environment, Linux x64 unless told otherwise. */
function machine(executables: string[], env: Record<string, string> = {}, platform: NodeJS.Platform = "linux", arch = "x64") {
  const unpackBundled = jest.fn(async () => BUNDLED);
  const lookup: BrowserLookup = { env, platform, arch, isExecutable: (path) => executables.includes(path), unpackBundled };
  return { lookup, unpackBundled };
}

describe("chooseBrowserExecutable", () => {
  test("CHROMIUM_PATH comes first, even with a system Chromium present", async () => {
    const { lookup, unpackBundled } = machine(["/opt/chrome/chrome", "/usr/bin/chromium"], { CHROMIUM_PATH: "/opt/chrome/chrome" });
    expect(await chooseBrowserExecutable(lookup)).toEqual({ path: "/opt/chrome/chrome", source: "CHROMIUM_PATH" });
    expect(unpackBundled).not.toHaveBeenCalled();
  });

  test("a CHROMIUM_PATH that is not executable is an error, not a quiet fallback", async () => {
    const { lookup } = machine(["/usr/bin/chromium"], { CHROMIUM_PATH: "/nowhere/chromium" });
    await expect(chooseBrowserExecutable(lookup)).rejects.toThrow("CHROMIUM_PATH is /nowhere/chromium, which is not an executable file.");
  });

  test("an empty CHROMIUM_PATH counts as unset", async () => {
    const { lookup } = machine(["/usr/bin/chromium"], { CHROMIUM_PATH: " " });
    expect(await chooseBrowserExecutable(lookup)).toEqual({ path: "/usr/bin/chromium", source: "system" });
  });

  test("then the usual system locations, before PATH", async () => {
    const { lookup } = machine(["/usr/local/bin/chromium", "/usr/bin/chromium"], { PATH: "/usr/local/bin:/usr/bin" });
    expect(await chooseBrowserExecutable(lookup)).toEqual({ path: "/usr/bin/chromium", source: "system" });
  });

  test("then a chromium on PATH, in PATH order", async () => {
    const { lookup, unpackBundled } = machine(["/home/me/bin/chromium-browser", "/snap/bin/chromium"], { PATH: "/home/me/bin:/snap/bin" });
    expect(await chooseBrowserExecutable(lookup)).toEqual({ path: "/home/me/bin/chromium-browser", source: "system" });
    expect(unpackBundled).not.toHaveBeenCalled();
  });

  test("with no system Chromium, the npm package's on Linux x64", async () => {
    const { lookup, unpackBundled } = machine([], { PATH: "/usr/bin" });
    expect(await chooseBrowserExecutable(lookup)).toEqual({ path: BUNDLED, source: "npm" });
    expect(unpackBundled).toHaveBeenCalledTimes(1);
  });

  test.each([
    ["darwin", "arm64"],
    ["linux", "arm64"],
  ] as const)("on %s %s, where the package has no build, it says what to do", async (platform, arch) => {
    const { lookup, unpackBundled } = machine([], {}, platform, arch);
    await expect(chooseBrowserExecutable(lookup)).rejects.toThrow(
      `No Chromium found, and the one in @sparticuz/chromium runs on Linux x64 only (this is ${platform} ${arch}). ` +
        "Install Chromium or Chrome, or set CHROMIUM_PATH to its executable.",
    );
    expect(unpackBundled).not.toHaveBeenCalled();
  });

  test("a Mac with Chrome installed uses it", async () => {
    const chrome = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
    const { lookup } = machine([chrome], {}, "darwin", "arm64");
    expect(await chooseBrowserExecutable(lookup)).toEqual({ path: chrome, source: "system" });
  });
});
