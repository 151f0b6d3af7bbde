/** Messages about workload settings say what is wrong with the value, and valid values pass. */
import { G6, problemsOrNone } from "./helpers";

test("a fractional MPS thread percentage is called fractional, not outside 0-100", () => {
  expect(
    problemsOrNone({
      nvidia: { gpuSharing: ["MPS"] },
      gpuNodeGroups: [G6],
      examples: { mps: { activeThreadPercentage: 50.5 } },
    }),
  ).toEqual([
    "environments.test.examples.mps.activeThreadPercentage 50.5 is not a whole number, and the driver takes a " +
      "whole percentage of the GPU's SMs from 0 to 100; use one such as 51",
  ]);
});

const queued = (podsReadyTimeout: string) => ({
  kubernetesVersion: "1.35",
  gpuNodeGroups: [G6],
  queueing: { teams: [{ name: "research" }], podsReadyTimeout },
});

test.each(["1h30m", "90s", "1.5h", "2m30s"])("the Go duration %s is accepted", (timeout) => {
  expect(problemsOrNone(queued(timeout))).toEqual([]);
});

test("a duration under a second is refused as too short, not as unreadable", () => {
  expect(problemsOrNone(queued("500ms"))).toEqual([
    'environments.test.queueing.podsReadyTimeout "500ms" is under a second: every admitted job would be evicted ' +
      'before its pods could start; use a duration of minutes, such as "10m"',
  ]);
});
