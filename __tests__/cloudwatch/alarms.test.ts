/**
 * The alarm recipes of the README (docs/alarms/*.json: AWS CLI input for `put-metric-alarm`, and a
 * CloudFormation template) parse, are well formed, reference only metrics and dimension sets the
 * CloudWatch adapter writes, under the namespace of the README's examples; the template and the CLI
 * files define the same alarms; the README quotes every file as it is.
 */
import "./emfEnv";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CLOUDWATCH_METRICS } from "../../src/cloudwatch";
import type { GiveUpReason } from "../../src";

const root = join(__dirname, "..", "..");
const alarmsDir = join(root, "docs", "alarms");
/** The namespace of the README's cloudWatchMetrics examples, which the recipes use as their placeholder. */
const NAMESPACE_PLACEHOLDER = "MyApp/Messaging";
const SERVICES = ["Pinpoint", "PinpointSMSVoice", "PinpointSMSVoiceV2"];
const ERROR_CLASSES = ["THROTTLING", "TRANSIENT"]; // the classes a Retries data point can carry
const REASONS: GiveUpReason[] = ["non-retryable", "max-attempts", "retry-budget", "deadline", "circuit-open", "aborted", "non-idempotent"];

interface MetricQuery {
  Id: string;
  Expression?: string;
  Label?: string;
  ReturnData?: boolean;
  MetricStat?: { Metric: { Namespace: unknown; MetricName: string; Dimensions?: { Name: string; Value: unknown }[] }; Period: number; Stat: string };
}
interface AlarmProperties {
  AlarmName: unknown;
  AlarmDescription?: unknown;
  Metrics: MetricQuery[];
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold: number;
  ComparisonOperator: string;
  TreatMissingData?: string;
  AlarmActions?: unknown[];
  OKActions?: unknown[];
}
interface Template {
  AWSTemplateFormatVersion: string;
  Parameters: Record<string, { Type: string; Default?: string; AllowedValues?: string[] }>;
  Resources: Record<string, { Type: string; Properties: AlarmProperties }>;
}

const files = readdirSync(alarmsDir).filter((name) => name.endsWith(".json"));
const read = (name: string): unknown => JSON.parse(readFileSync(join(alarmsDir, name), "utf8"));
const cliFiles = files.filter((name) => name !== "cloudformation.json");
const template = read("cloudformation.json") as Template;

/** Replaces `Ref` and `Fn::Sub` of the template's parameters by the given values. */
function resolve(value: unknown, parameters: Record<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, parameters));
  if (typeof value !== "object" || value === null) return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1 && keys[0] === "Ref") return parameters[object.Ref as string] ?? fail(`unknown parameter ${String(object.Ref)}`);
  if (keys.length === 1 && keys[0] === "Fn::Sub") {
    return (object["Fn::Sub"] as string).replace(/\$\{(\w+)\}/g, (_, name: string) => parameters[name] ?? fail(`unknown parameter ${name}`));
  }
  return Object.fromEntries(keys.map((key) => [key, resolve(object[key], parameters)]));
}

function fail(message: string): never {
  throw new Error(message);
}

/** Checks one alarm's metric queries against what the adapter writes; `namespaceOk` judges each Namespace. */
function checkAlarm(where: string, alarm: AlarmProperties, namespaceOk: (namespace: unknown) => boolean): void {
  expect(alarm.Metrics.length).toBeGreaterThan(0);
  expect(alarm.Metrics.filter((m) => m.ReturnData !== false)).toHaveLength(1); // one series to alarm on
  expect(["GreaterThanThreshold", "GreaterThanOrEqualToThreshold"]).toContain(alarm.ComparisonOperator);
  expect(alarm.EvaluationPeriods).toBeGreaterThanOrEqual(alarm.DatapointsToAlarm ?? 1);
  expect(alarm.TreatMissingData).toBe("notBreaching"); // no traffic is not an incident
  const ids = alarm.Metrics.map((m) => m.Id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const query of alarm.Metrics) {
    expect(query.Id).toMatch(/^[a-z][A-Za-z0-9_]*$/); // CloudWatch: an Id starts with a lowercase letter
    expect(Boolean(query.Expression) !== Boolean(query.MetricStat)).toBe(true);
    if (query.Expression) {
      // Identifiers in lowercase are query ids (functions such as IF and FILL are upper case).
      const referenced = query.Expression.match(/\b[a-z][A-Za-z0-9_]*\b/g) ?? [];
      for (const id of referenced) expect({ where, expression: query.Expression, id, defined: ids.includes(id) && id !== query.Id }).toMatchObject({ defined: true });
      continue;
    }
    const { Metric, Period, Stat } = query.MetricStat!;
    expect({ where, namespace: Metric.Namespace, ok: namespaceOk(Metric.Namespace) }).toMatchObject({ ok: true });
    const written = CLOUDWATCH_METRICS.find((m) => m.name === Metric.MetricName);
    expect({ where, metric: Metric.MetricName, written: written !== undefined }).toMatchObject({ written: true });
    // CloudWatch identifies a metric by its set of dimensions: the names must be one set the adapter writes.
    const names = (Metric.Dimensions ?? []).map((d) => d.Name).sort();
    const sets = written!.dimensionSets.map((set) => [...set].sort().join(","));
    expect({ where, metric: Metric.MetricName, dimensions: names.join(","), sets }).toMatchObject({ sets: expect.arrayContaining([names.join(",")]) });
    for (const d of Metric.Dimensions ?? []) {
      if (d.Name === "ErrorClass") expect(ERROR_CLASSES).toContain(d.Value);
      if (d.Name === "Reason") expect(REASONS).toContain(d.Value);
      if (d.Name === "Service" && typeof d.Value === "string") expect(SERVICES).toContain(d.Value);
    }
    expect(Stat).toBe(written!.unit === "Count" ? "Sum" : expect.stringMatching(/^(Average|Maximum|p\d+(\.\d+)?)$/));
    expect(Period % 60).toBe(0); // EMF metrics are standard resolution
  }
}

test("the recipes are the CloudFormation template and one AWS CLI input per alarm", () => {
  expect(files).toContain("cloudformation.json");
  expect(cliFiles.sort()).toEqual(["circuit-open.json", "give-up-rate.json", "transient-retry-share.json"]);
});

describe.each(cliFiles)("AWS CLI input %s", (name) => {
  test("only metrics and dimension sets the adapter writes, in the placeholder namespace", () => {
    const alarm = read(name) as AlarmProperties;
    expect(typeof alarm.AlarmName).toBe("string");
    checkAlarm(name, alarm, (namespace) => namespace === NAMESPACE_PLACEHOLDER);
  });
});

test("the CloudFormation template: parameters, alarms only, metrics the adapter writes under the Namespace parameter", () => {
  expect(template.AWSTemplateFormatVersion).toBe("2010-09-09");
  expect(template.Parameters.Namespace.Default).toBe(NAMESPACE_PLACEHOLDER);
  expect(template.Parameters.Service.AllowedValues).toEqual(SERVICES);
  for (const [id, resource] of Object.entries(template.Resources)) {
    expect(resource.Type).toBe("AWS::CloudWatch::Alarm");
    checkAlarm(id, resource.Properties, (namespace) => JSON.stringify(namespace) === JSON.stringify({ Ref: "Namespace" }));
  }
});

test("the template and the CLI files define the same alarms", () => {
  const parameters = { Namespace: NAMESPACE_PLACEHOLDER, Service: "Pinpoint", AlarmTopicArn: "topic" };
  const fromTemplate = Object.values(template.Resources).map((r) => resolve(r.Properties, parameters) as AlarmProperties);
  const withoutActions = ({ AlarmActions: _a, OKActions: _o, ...rest }: AlarmProperties) => rest;
  expect(fromTemplate.map(withoutActions).sort((a, b) => String(a.AlarmName).localeCompare(String(b.AlarmName)))).toEqual(
    cliFiles.map((name) => withoutActions(read(name) as AlarmProperties)).sort((a, b) => String(a.AlarmName).localeCompare(String(b.AlarmName))),
  );
});

test("the README quotes every recipe as it is, and its cloudWatchMetrics examples use the placeholder namespace", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  for (const name of files) expect({ name, quoted: readme.includes(readFileSync(join(alarmsDir, name), "utf8").trim()) }).toEqual({ name, quoted: true });
  const namespaces = [...readme.matchAll(/cloudWatchMetrics\(\{\s*namespace:\s*"([^"]+)"/g)].map((m) => m[1]);
  expect(namespaces.length).toBeGreaterThan(0);
  for (const namespace of namespaces) expect(namespace).toBe(NAMESPACE_PLACEHOLDER);
});

test("the README's metrics table is CLOUDWATCH_METRICS: every metric, its unit and its dimension sets", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  for (const metric of CLOUDWATCH_METRICS) {
    const row = readme.split("\n").find((line) => line.startsWith(`| \`${metric.name}\` | ${metric.unit} | `));
    expect({ metric: metric.name, row: row !== undefined }).toEqual({ metric: metric.name, row: true });
    const sets = row!.split(" | ")[2].split(/[;,]\s*/).map((set) => set.trim());
    expect(sets).toEqual(metric.dimensionSets.map((set) => set.join("+")));
  }
});
