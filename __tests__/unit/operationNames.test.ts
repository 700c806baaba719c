import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { SERVICE_TABLES } from "../../src/services";
import { editDistance } from "../../src/didYouMean";
import { KNOWN_OPERATIONS, NEAR_OPERATIONS_ELSEWHERE } from "../../src/operationNames";

/** Operation names of an installed client: its command classes without "Command". */
function installedOperations(client: string): string[] {
  const commands = join(dirname(require.resolve(`@aws-sdk/${client}/package.json`)), "dist-types", "commands");
  return readdirSync(commands)
    .filter((file) => file.endsWith("Command.d.ts"))
    .map((file) => file.slice(0, -"Command.d.ts".length))
    .sort();
}

describe("operation names", () => {
  // When a client upgrade adds or drops an operation, this fails: update KNOWN_OPERATIONS, and re-check
  // NEAR_OPERATIONS_ELSEWHERE if a new name is near another service's operation.
  test.each([
    ["Pinpoint", "client-pinpoint"],
    ["PinpointSMSVoice", "client-pinpoint-sms-voice"],
    ["PinpointSMSVoiceV2", "client-pinpoint-sms-voice-v2"],
  ] as const)("%s's list is the installed client's operations", (service, client) => {
    expect([...KNOWN_OPERATIONS[service]].sort()).toEqual(installedOperations(client));
  });

  test("every operation the service tables name is known", () => {
    for (const table of SERVICE_TABLES) {
      const known = KNOWN_OPERATIONS[table.service as keyof typeof KNOWN_OPERATIONS];
      expect(known).toBeDefined();
      for (const operation of [...table.nonIdempotentOperations, ...table.separatelyMeteredOperations]) expect(known).toContain(operation);
    }
  });

  test("each operation elsewhere is near a known name, and none is one", () => {
    const known = Object.values(KNOWN_OPERATIONS).flat();
    for (const name of NEAR_OPERATIONS_ELSEWHERE) {
      expect(known).not.toContain(name);
      expect(known.some((k) => editDistance(name.toLowerCase(), k.toLowerCase(), 2) <= 2)).toBe(true);
    }
  });
});
