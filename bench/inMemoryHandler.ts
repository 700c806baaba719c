/** A `requestHandler` answering without a network, for CPU and memory measurements of the client stack alone. */
import { createSeededRandom } from "../src/testing";

const OK_BODY = Buffer.from(
  JSON.stringify({
    MessageResponse: {
      ApplicationId: "bench-app",
      RequestId: "bench-request",
      Result: { "+15555550100": { DeliveryStatus: "SUCCESSFUL", StatusCode: 200, MessageId: "bench-message" } },
    },
  }),
);
const OK_HEADERS = { "content-type": "application/json", "x-amzn-requestid": "bench-request" };
const FAULT_BODY = Buffer.from(JSON.stringify({ Message: "bench fault", RequestID: "bench-request" }));
const FAULT_HEADERS = { ...OK_HEADERS, "x-amzn-errortype": "InternalServerErrorException" };

/**
 * A handler that answers a Pinpoint SendMessages success, or with probability `faultRate` (seeded) an
 * InternalServerErrorException 500.
 */
export function inMemoryHandler(faultRate = 0, seed = 1) {
  const random = createSeededRandom(seed);
  return {
    /** Requests answered so far. */
    requests: 0,
    async handle() {
      this.requests++;
      const fault = faultRate > 0 && random() < faultRate;
      return {
        response: {
          statusCode: fault ? 500 : 200,
          headers: fault ? { ...FAULT_HEADERS } : { ...OK_HEADERS },
          body: fault ? FAULT_BODY : OK_BODY,
        },
      };
    },
  };
}
