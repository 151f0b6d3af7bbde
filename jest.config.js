/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Jest keeps one core for itself by default; the suite is CPU-bound, so use every core.
  maxWorkers: "100%",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // The real cdktf CLI runs in `npm run test:cli` (jest.cli.config.js), which CI runs too.
  testPathIgnorePatterns: ["/node_modules/", "\\.cli\\.test\\.ts$"],
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
};
