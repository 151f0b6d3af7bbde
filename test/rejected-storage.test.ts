/** Volume sizes EBS cannot create are refused at synth, with the limit and the fix. */
import { G6, problemsOrNone } from "./helpers";

test("a Prometheus volume larger than gp3 allows is refused", () => {
  expect(problemsOrNone({ monitoring: { storageGiB: 20000 } })).toEqual([
    "environments.test.monitoring.storageGiB 20000 is larger than a gp3 volume can be (16384 GiB, the limit of " +
      "the gp3 StorageClass Prometheus's volume is claimed from); use 16384 or less, and long-term storage " +
      "(remote write) for more history",
  ]);
});

test("a fractional Prometheus volume is called fractional, not too small", () => {
  expect(problemsOrNone({ monitoring: { storageGiB: 60.5 } })).toEqual([
    "environments.test.monitoring.storageGiB 60.5 is not a whole number of GiB, which EBS volume sizes are; use a " +
      "whole number from 10 to 16384",
  ]);
});

test("a fractional GPU root volume is called fractional, not too small", () => {
  expect(problemsOrNone({ gpuNodeGroups: [{ ...G6, rootVolumeGiB: 100.5 }] })).toEqual([
    "environments.test.gpuNodeGroups.g6.rootVolumeGiB 100.5 is not a whole number of GiB, which EBS volume sizes " +
      "are; use a whole number from 50 to 16384, such as 101",
  ]);
});

test("a fractional system disk is called fractional, not too small", () => {
  expect(
    problemsOrNone({
      systemNodeGroup: { instanceTypes: ["m7i.xlarge"], diskSizeGiB: 80.25 },
    }),
  ).toEqual([
    "environments.test.systemNodeGroup.diskSizeGiB 80.25 is not a whole number of GiB, which EBS volume sizes " +
      "are; use a whole number from 20 to 16384",
  ]);
});
