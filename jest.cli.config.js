/**
 * `npm run test:cli`: the tests that drive the real cdktf CLI (a few seconds per command), run by CI
 * after `npm test` so the everyday suite stays fast.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require("./jest.config.js"),
  testMatch: ["**/*.cli.test.ts"],
  testPathIgnorePatterns: [],
};
