/**
 * The EMF check of these tests rejects what the specification rejects: a record that passes it is
 * known to be valid for a reason, not because the check lets anything through.
 */
import { parseEmf } from "./support";

const valid = {
  _aws: {
    Timestamp: 1574109732004,
    CloudWatchMetrics: [{ Namespace: "lambda-function-metrics", Dimensions: [["functionVersion"]], Metrics: [{ Name: "time", Unit: "Milliseconds" }] }],
  },
  functionVersion: "$LATEST",
  time: 100,
  requestId: "989ffbf8-9ace-4817-a57c-e4dd734019ee",
};

/** A deep copy of the valid example with one change. */
function variant(change: (record: typeof valid & Record<string, unknown>) => void): string {
  const copy = JSON.parse(JSON.stringify(valid)) as typeof valid & Record<string, unknown>;
  change(copy);
  return JSON.stringify(copy);
}

test("the specification's own example passes", () => {
  expect(parseEmf(JSON.stringify(valid)).time).toBe(100);
});

test.each([
  ["no _aws", (r: Record<string, unknown>) => delete r._aws, /required property '_aws'/],
  ["no Timestamp", (r: typeof valid) => delete (r._aws as Partial<typeof valid._aws>).Timestamp, /Timestamp/],
  ["a Timestamp in seconds as a string", (r: typeof valid) => ((r._aws as Record<string, unknown>).Timestamp = "1574109732"), /integer/],
  ["an unknown unit", (r: typeof valid) => (r._aws.CloudWatchMetrics[0].Metrics[0].Unit = "Millis"), /pattern/],
  ["an empty namespace", (r: typeof valid) => (r._aws.CloudWatchMetrics[0].Namespace = ""), /fewer than 1 characters/],
  ["no dimension sets", (r: typeof valid) => (r._aws.CloudWatchMetrics[0].Dimensions = []), /fewer than 1 items/],
  ["ten dimensions in a set", (r: typeof valid) => (r._aws.CloudWatchMetrics[0].Dimensions = [Array.from({ length: 10 }, (_, i) => `d${i}`)]), /more than 9 items/],
  ["an extra member in a directive", (r: typeof valid) => ((r._aws.CloudWatchMetrics[0] as Record<string, unknown>).Region = "x"), /additional properties/],
  ["a dimension that is not a root member", (r: Record<string, unknown>) => delete r.functionVersion, /dimension functionVersion/],
  ["a dimension whose value is a number", (r: Record<string, unknown>) => (r.functionVersion = 1), /dimension functionVersion/],
  ["a metric that is not a root member", (r: Record<string, unknown>) => delete r.time, /metric time/],
  ["a metric that is a string", (r: Record<string, unknown>) => (r.time = "100"), /metric time/],
  ["a metric of 101 values", (r: Record<string, unknown>) => (r.time = Array.from({ length: 101 }, () => 1)), /metric time/],
])("rejected: %s", (_, change, message) => {
  expect(() => parseEmf(variant(change as (r: typeof valid & Record<string, unknown>) => void))).toThrow(message);
});
