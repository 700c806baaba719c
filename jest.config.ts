import type { Config } from "jest";

const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  setupFiles: ["<rootDir>/__tests__/support/jestSetup.ts"],
  transform: { "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022" } }] },
  // The SDK clients are large; two workers fit the 2-core machines.
  maxWorkers: 2,
  testTimeout: 30000,
};

export default config;
