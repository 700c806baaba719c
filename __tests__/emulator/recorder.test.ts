import { MAX_RECORDED_REQUESTS, Recorder } from "../../src/testing/recorder";

test("keeps only the last 10,000 requests but counts all of them", () => {
  const recorder = new Recorder();
  for (let i = 0; i < MAX_RECORDED_REQUESTS + 5; i++) {
    recorder.record({ service: "Pinpoint", operation: "GetApps", at: i, status: 200, headers: {}, body: undefined });
  }

  const requests = recorder.requests();
  expect(MAX_RECORDED_REQUESTS).toBe(10_000);
  expect(requests).toHaveLength(10_000);
  expect(requests[0].at).toBe(5);
  expect(recorder.stats().requests).toBe(10_005);
});

test("stats() returns a copy", () => {
  const recorder = new Recorder();
  recorder.record({ service: "Pinpoint", operation: "GetApps", at: 0, status: 200, headers: {}, body: undefined });
  recorder.stats().byOperation["Pinpoint.GetApps"].requests = 99;

  expect(recorder.stats().byOperation["Pinpoint.GetApps"].requests).toBe(1);
});
