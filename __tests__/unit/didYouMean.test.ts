import { didYouMean, editDistance, nearMisses } from "../../src/didYouMean";

describe("editDistance", () => {
  test.each([
    ["", "", 0],
    ["abc", "", 3],
    ["", "abc", 3],
    ["SendMessages", "SendMessages", 0],
    ["SendMesages", "SendMessages", 1], // deletion
    ["SendMessagess", "SendMessages", 1], // insertion
    ["SendMessagez", "SendMessages", 1], // substitution
    ["SendMesasges", "SendMessages", 1], // adjacent transposition
    ["GetAps", "GetApps", 1],
    ["kitten", "sitting", 3],
    ["sendmessages", "SendMessages", 2], // case-sensitive
  ])("%j to %j is %d", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });

  test("with a limit, a larger distance reads as limit + 1", () => {
    expect(editDistance("kitten", "sitting", 2)).toBe(3);
    expect(editDistance("a", "abcdef", 2)).toBe(3); // lengths alone tell
    expect(editDistance("SendMesages", "SendMessages", 2)).toBe(1);
    expect(editDistance("abcd", "abdc", 0)).toBe(1);
  });
});

describe("nearMisses and didYouMean", () => {
  const known = ["SendMessages", "SendUsersMessages", "GetApp", "GetApps"];

  test("the nearest name within two edits, compared case-insensitively", () => {
    expect(nearMisses("SendMesages", known)).toEqual(["SendMessages"]);
    expect(nearMisses("sendmessages", known)).toEqual(["SendMessages"]);
    expect(didYouMean("SendUserMessages", known)).toBe("did you mean SendUsersMessages?");
  });

  test("ties are all named, in the order given", () => {
    expect(didYouMean("GetAppz", known)).toBe("did you mean GetApp or GetApps?");
  });

  test("the nearest wins over a farther one", () => {
    expect(nearMisses("GetAp", known)).toEqual(["GetApp"]);
  });

  test("an exact name, or none within reach, is no near-miss", () => {
    expect(nearMisses("GetApps", known)).toEqual([]);
    expect(didYouMean("SendEmail", known)).toBeUndefined();
    expect(didYouMean("SendMsgs", known)).toBeUndefined(); // 4 edits
    expect(didYouMean("SendMesage", known, 1)).toBeUndefined(); // 2 edits, limit 1
    expect(didYouMean("anything", [])).toBeUndefined();
  });
});
