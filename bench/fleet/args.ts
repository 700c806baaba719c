/**
 * The fleet bench's flag. `--fleet` is taken out of the command line before the bench's own parser sees
 * it: alone (with `--quick`, `--seed`, `--json`), it runs the fleet bench alone; with `--scenarios`,
 * `--family` or `--cells`, those too. Without `--fleet` nor any of those, everything runs, the fleet included.
 */

export const FLEET_USAGE = "  --fleet         the fleet bench alone (P processes sharing a quota, with and without the Redis store); with --scenarios or --family: both";

/** What the fleet flag asks, and the rest of the command line for the bench's parser. */
export interface FleetArgs {
  /** Run the fleet bench. */
  fleet: boolean;
  /** Only what was named: `--fleet` alone leaves out the scenarios and the family. */
  fleetOnly: boolean;
  rest: string[];
}

/** Splits `--fleet` from the command line (without node and the script). */
export function splitFleetArgs(argv: readonly string[]): FleetArgs {
  const given = argv.includes("--fleet");
  const rest = argv.filter((arg) => arg !== "--fleet");
  const selects = rest.some((arg) => arg === "--scenarios" || arg === "--family" || arg === "--cells");
  return { fleet: given || !selects, fleetOnly: given && !selects, rest };
}
