import { classifyError } from "../../src/classification";
import { pinpoint } from "../../src/services/pinpoint";
import { pinpointSmsVoice } from "../../src/services/pinpointSmsVoice";
import { pinpointSmsVoiceV2 } from "../../src/services/pinpointSmsVoiceV2";
import { serviceOfError } from "../../src/services";
import { PinpointServiceException, BadRequestException } from "@aws-sdk/client-pinpoint";
import { PinpointSMSVoiceServiceException } from "@aws-sdk/client-pinpoint-sms-voice";
import { PinpointSMSVoiceV2ServiceException, ThrottlingException } from "@aws-sdk/client-pinpoint-sms-voice-v2";
import type { ErrorClass } from "../../src";

const noFailure = () => {
  throw new Error("custom classifier should not fail here");
};
const classOf = (error: unknown, service = "unknown", operation = "Op") =>
  classifyError(error, { service, operation }, undefined, noFailure).errorClass;
const named = (name: string, extra: object = {}) => Object.assign(new Error("x"), { name }, extra);

describe("service tables", () => {
  const expectations: Array<[string, string, ErrorClass]> = [
    ["Pinpoint", "InternalServerErrorException", "TRANSIENT"],
    ["Pinpoint", "TooManyRequestsException", "THROTTLING"],
    ...["BadRequestException", "ForbiddenException", "NotFoundException", "MethodNotAllowedException", "ConflictException", "PayloadTooLargeException"].map(
      (name): [string, string, ErrorClass] => ["Pinpoint", name, "CLIENT_ERROR"],
    ),
    ["PinpointSMSVoice", "InternalServiceErrorException", "TRANSIENT"],
    ["PinpointSMSVoice", "TooManyRequestsException", "THROTTLING"],
    ["PinpointSMSVoice", "LimitExceededException", "CLIENT_ERROR"],
    ["PinpointSMSVoice", "AlreadyExistsException", "CLIENT_ERROR"],
    ["PinpointSMSVoice", "BadRequestException", "CLIENT_ERROR"],
    ["PinpointSMSVoice", "NotFoundException", "CLIENT_ERROR"],
    ["PinpointSMSVoiceV2", "InternalServerException", "TRANSIENT"],
    ["PinpointSMSVoiceV2", "ThrottlingException", "THROTTLING"],
    ...["ValidationException", "AccessDeniedException", "ConflictException", "ResourceNotFoundException", "ServiceQuotaExceededException"].map(
      (name): [string, string, ErrorClass] => ["PinpointSMSVoiceV2", name, "CLIENT_ERROR"],
    ),
  ];

  test.each(expectations)("%s %s is %s", (service, name, expected) => {
    expect(classOf(named(name, { $metadata: { httpStatusCode: 418 } }), service)).toBe(expected);
  });

  test("the name beats the status: a 412 LimitExceededException is never retried", () => {
    expect(classOf(named("LimitExceededException", { $metadata: { httpStatusCode: 412 } }), "PinpointSMSVoice")).toBe("CLIENT_ERROR");
  });

  test("tables are data: every entry is a known class", () => {
    for (const table of [pinpoint, pinpointSmsVoice, pinpointSmsVoiceV2]) {
      for (const errorClass of Object.values(table.errors)) expect(["THROTTLING", "TRANSIENT", "SERVER_ERROR", "CLIENT_ERROR"]).toContain(errorClass);
    }
  });
});

describe("generic rules", () => {
  test.each([
    [500, "TRANSIENT"],
    [502, "TRANSIENT"],
    [503, "TRANSIENT"],
    [504, "TRANSIENT"],
    [429, "THROTTLING"],
    [501, "SERVER_ERROR"],
    [505, "SERVER_ERROR"],
    [400, "CLIENT_ERROR"],
    [404, "CLIENT_ERROR"],
  ])("HTTP %i from $metadata is %s", (status, expected) => {
    expect(classOf(named("Unmodeled", { $metadata: { httpStatusCode: status } }))).toBe(expected);
  });

  test("a status lost from $metadata is read from $response (HTML 503 on the old line)", () => {
    expect(classOf(named("Unknown", { $metadata: {}, $response: { statusCode: 503 } }))).toBe("TRANSIENT");
  });

  test.each(["ECONNRESET", "ECONNREFUSED", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"])(
    "network code %s is TRANSIENT, also deep in a cause chain",
    (code) => {
      expect(classOf(Object.assign(new Error("net"), { code }))).toBe("TRANSIENT");
      expect(classOf(new Error("wrapped", { cause: new Error("mid", { cause: Object.assign(new Error("net"), { code }) }) }))).toBe("TRANSIENT");
    },
  );

  test("TimeoutError is TRANSIENT; AbortError is never retried, even when marked $retryable", () => {
    expect(classOf(named("TimeoutError"))).toBe("TRANSIENT");
    expect(classOf(named("AbortError", { $retryable: {}, $metadata: { httpStatusCode: 503 } }))).toBe("CLIENT_ERROR");
  });

  test("$retryable is honoured, with its throttling flag", () => {
    expect(classOf(named("Custom", { $retryable: {} }))).toBe("TRANSIENT");
    expect(classOf(named("Custom", { $retryable: { throttling: true } }))).toBe("THROTTLING");
  });

  test("anything else is CLIENT_ERROR, including non-errors", () => {
    expect(classOf(new Error("plain"))).toBe("CLIENT_ERROR");
    expect(classOf("a string")).toBe("CLIENT_ERROR");
    expect(classOf(undefined)).toBe("CLIENT_ERROR");
  });

  test("an unknown service still finds names in any table", () => {
    expect(classOf(named("InternalServiceErrorException"))).toBe("TRANSIENT");
  });
});

describe("custom classify", () => {
  test("overrides the tables, gets service and operation, and undefined falls through", () => {
    const seen: unknown[] = [];
    const custom = (error: unknown, context: { service: string; operation: string }): ErrorClass | undefined => {
      seen.push(context);
      return (error as Error).name === "BadRequestException" ? "TRANSIENT" : undefined;
    };
    expect(classifyError(named("BadRequestException"), { service: "Pinpoint", operation: "GetApps" }, custom, noFailure).errorClass).toBe("TRANSIENT");
    expect(classifyError(named("ForbiddenException"), { service: "Pinpoint", operation: "GetApps" }, custom, noFailure).errorClass).toBe("CLIENT_ERROR");
    expect(seen).toEqual([
      { service: "Pinpoint", operation: "GetApps" },
      { service: "Pinpoint", operation: "GetApps" },
    ]);
  });

  test("a classifier that throws or returns nonsense is reported and the tables decide", () => {
    const failures: unknown[] = [];
    const throwing = () => {
      throw new Error("bug in user code");
    };
    const nonsense = () => "MAYBE" as ErrorClass;
    expect(classifyError(named("InternalServerErrorException"), { service: "Pinpoint", operation: "X" }, throwing, (f) => failures.push(f)).errorClass).toBe("TRANSIENT");
    expect(classifyError(named("BadRequestException"), { service: "Pinpoint", operation: "X" }, nonsense, (f) => failures.push(f)).errorClass).toBe("CLIENT_ERROR");
    expect(failures).toHaveLength(2);
  });
});

describe("errorName", () => {
  test("is the error's name, or its code for a generic Error", () => {
    expect(classifyError(named("ThrottlingException"), { service: "x", operation: "y" }, undefined, noFailure).errorName).toBe("ThrottlingException");
    expect(classifyError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), { service: "x", operation: "y" }, undefined, noFailure).errorName).toBe("ECONNRESET");
  });
});

describe("serviceOfError", () => {
  test("tells the service from the client's exception classes", () => {
    const meta = { $metadata: {} };
    expect(serviceOfError(new BadRequestException({ message: "m", ...meta }))).toBe("Pinpoint");
    expect(serviceOfError(new PinpointServiceException({ name: "X", $fault: "server", ...meta }))).toBe("Pinpoint");
    expect(serviceOfError(new PinpointSMSVoiceServiceException({ name: "X", $fault: "server", ...meta }))).toBe("PinpointSMSVoice");
    expect(serviceOfError(new ThrottlingException({ message: "m", ...meta }))).toBe("PinpointSMSVoiceV2");
    expect(serviceOfError(new PinpointSMSVoiceV2ServiceException({ name: "X", $fault: "client", ...meta }))).toBe("PinpointSMSVoiceV2");
    expect(serviceOfError(new Error("plain"))).toBeUndefined();
    expect(serviceOfError(null)).toBeUndefined();
  });
});
