import type { Config } from "jest";

const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  setupFiles: ["<rootDir>/__tests__/support/jestSetup.ts"],
  // Transpile only: `npm run typecheck` checks types once for the whole project.
  transform: { "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  // The bench loads the package by its name, as users do (bench/library.ts); its tests run the sources.
  moduleNameMapper: {
    "^smithy-resilience$": "<rootDir>/src/index.ts",
    "^smithy-resilience/(otel|testing|cloudwatch|redis)$": "<rootDir>/src/$1/index.ts",
  },
  // The SDK clients are large; two workers fit the 2-core machines.
  maxWorkers: 2,
  testTimeout: 30000,
};

export default config;
