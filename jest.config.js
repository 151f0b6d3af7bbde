/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Jest keeps one core for itself by default; the suite is CPU-bound, so use every core.
  maxWorkers: "100%",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["@swc/jest"] },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
};
