/**
 * The bench's shape floor (`sdk-standard-plugin-shape`) must sit where the plugin sits: its attempt layer
 * inside the SDK's retry loop, once per request, with the SDK's retries and `$metadata` unchanged;
 * otherwise its ratio would not be the cost of the plugin's shape.
 */
import { installPluginShapeOnly } from "../../bench/pluginShapeOnly";
import type { ShapeCounts } from "../../bench/pluginShapeOnly";
import { errorReply, okReply, scriptedHandler } from "../support/inMemoryHandler";
import { pinpointClient, sendMessages } from "../support/clients";

test("every request ends in its attempt layer once, every call in its call layer before the caller resumes; the SDK still retries a 500", async () => {
  // Requests 0 and 5 fail: the first call and one of the concurrent ones are retried.
  const handler = scriptedHandler((i) => (i === 0 || i === 5 ? errorReply(500, "InternalServerErrorException") : okReply()));
  const client = pinpointClient({ requestHandler: handler });
  const counts: ShapeCounts = { attempts: 0, calls: 0 };
  installPluginShapeOnly(client.middlewareStack as never, counts);

  const first = await client.send(sendMessages());
  expect(first.$metadata.attempts).toBe(2);
  // The layers watch the promises the SDK awaits: their handlers have run by the time the caller resumes.
  expect(counts).toEqual({ attempts: 2, calls: 1 });
  for (let i = 0; i < 3; i++) expect((await client.send(sendMessages())).$metadata.attempts).toBe(1);
  const concurrent = await Promise.all(Array.from({ length: 8 }, () => client.send(sendMessages())));

  const attempts = [first, ...concurrent].reduce((sum, output) => sum + (output.$metadata.attempts ?? 0), 3);
  expect(attempts).toBe(14);
  expect(handler.requests).toHaveLength(14);
  expect(counts).toEqual({ attempts: 14, calls: 12 });
});

test("a stack without the SDK's retry entry is refused by name", () => {
  expect(() => installPluginShapeOnly({ add() {}, applyToStack() {} } as never)).toThrow(/no SDK retry entry/);
});
