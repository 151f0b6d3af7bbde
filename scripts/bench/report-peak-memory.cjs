// Preloaded into every Node.js process of a measured command (through NODE_OPTIONS): appends the
// process's peak resident memory to the file BENCH_RSS_FILE names, one line per process.
const { appendFileSync } = require("node:fs");

process.on("exit", () => {
  appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS}\n`);
});
