/** Forced garbage collection without `--expose-gc` on the command line (tsx starts node for us). */
import * as v8 from "node:v8";
import * as vm from "node:vm";

let collect: (() => void) | undefined;

/** Runs a full garbage collection now. */
export function forceGc(): void {
  if (!collect) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (exposed) collect = exposed;
    else {
      v8.setFlagsFromString("--expose-gc");
      collect = vm.runInNewContext("gc") as () => void;
    }
  }
  collect();
}
