import { PARTIAL_RESULT_SHAPES } from "../../src/services/pinpointPartialResults";

const sendMessages = PARTIAL_RESULT_SHAPES["Pinpoint.SendMessages"];
const sendUsers = PARTIAL_RESULT_SHAPES["Pinpoint.SendUsersMessages"];

describe("SendMessages shape", () => {
  const output = {
    MessageResponse: {
      ApplicationId: "app",
      Result: { a: { DeliveryStatus: "SUCCESSFUL", MessageId: "1" }, b: { DeliveryStatus: "THROTTLED" }, c: { DeliveryStatus: "PERMANENT_FAILURE" } },
      EndpointResult: { e1: { DeliveryStatus: "TEMPORARY_FAILURE" }, e2: { DeliveryStatus: "SUCCESSFUL" } },
    },
  };

  test("pending: only THROTTLED and TEMPORARY_FAILURE, addresses and endpoints told apart", () => {
    expect(sendMessages.pending(output)).toEqual([
      { key: "address:b", status: "THROTTLED" },
      { key: "endpoint:e1", status: "TEMPORARY_FAILURE" },
    ]);
    expect(sendMessages.pending({})).toEqual([]);
  });

  test("subset keeps everything but the addresses and endpoints not pending", () => {
    const input = {
      ApplicationId: "app",
      MessageRequest: { Addresses: { a: {}, b: {}, c: {} }, Endpoints: { e1: {}, e2: {} }, MessageConfiguration: { SMSMessage: { Body: "x" } } },
    };
    expect(sendMessages.subset(input, sendMessages.pending(output))).toEqual({
      ApplicationId: "app",
      MessageRequest: { Addresses: { b: {} }, Endpoints: { e1: {} }, MessageConfiguration: { SMSMessage: { Body: "x" } } },
    });
    expect(input.MessageRequest.Addresses).toEqual({ a: {}, b: {}, c: {} });
  });

  test("merge replaces re-sent entries and keeps the rest", () => {
    const round = { MessageResponse: { Result: { b: { DeliveryStatus: "SUCCESSFUL", MessageId: "2" } } } };
    const merged = sendMessages.merge(output, round) as typeof output;
    expect(merged.MessageResponse.Result).toEqual({
      a: { DeliveryStatus: "SUCCESSFUL", MessageId: "1" },
      b: { DeliveryStatus: "SUCCESSFUL", MessageId: "2" },
      c: { DeliveryStatus: "PERMANENT_FAILURE" },
    });
    expect(merged.MessageResponse.EndpointResult).toEqual(output.MessageResponse.EndpointResult);
    expect(merged.MessageResponse.ApplicationId).toBe("app");
  });
});

describe("SendUsersMessages shape", () => {
  test("a user is re-sent only when none of its endpoints was delivered", () => {
    const output = {
      SendUsersMessageResponse: {
        Result: {
          u1: { x: { DeliveryStatus: "THROTTLED" }, y: { DeliveryStatus: "SUCCESSFUL" } },
          u2: { z: { DeliveryStatus: "TEMPORARY_FAILURE" } },
          u3: { w: { DeliveryStatus: "SUCCESSFUL" } },
        },
      },
    };
    expect(sendUsers.pending(output)).toEqual([{ key: "u2", status: "TEMPORARY_FAILURE" }]);
    expect(sendUsers.subset({ SendUsersMessageRequest: { Users: { u1: {}, u2: {}, u3: {} } } }, [{ key: "u2", status: "x" }])).toEqual({
      SendUsersMessageRequest: { Users: { u2: {} } },
    });
  });
});
