import { Testing } from "cdktf";

Testing.setupJest();

// cdktf records a full stack trace for every token it creates, only to enrich the message of a
// token that later fails to resolve. Under jest every trace is also source-mapped, which made up
// about a third of the suite's CPU time. Tests record none; synthesized output does not change.
jest.mock("cdktf/lib/tokens/private/stack-trace", () => ({ captureStackTrace: () => [] }));

// cdktf's index loads the archiver package for zip assets, which no stack here uses; each test
// file would spend time loading it.
jest.mock("archiver", () => ({}));
