/**
 * The Kubernetes CEL library functions DRA selectors use, as k8s.io/apiserver/pkg/cel/library
 * defines them (quantity.go, semverlib.go), evaluated through @bufbuild/cel on a modelled device.
 */
import { compileSelector, type CelDevice } from "../lib/allocation/cel";
import { parseQuantityNanos } from "../lib/allocation/quantity";
import { compareSemver, parseSemver } from "../lib/allocation/semver";

const device: CelDevice = {
  driver: "gpu.nvidia.com",
  allowMultipleAllocations: false,
  attributes: new Map([
    [
      "gpu.nvidia.com",
      new Map([
        ["type", { string: "gpu" }],
        ["cudaComputeCapability", { version: parseSemver("8.9.0")! }],
      ]),
    ],
  ]),
  capacity: new Map([["gpu.nvidia.com", new Map([["memory", parseQuantityNanos("24Gi")!]])]]),
};

const run = (expression: string) => compileSelector(expression).evaluate(device);

describe("quantities", () => {
  it("compare by value, whatever the suffix", () => {
    expect(run("device.capacity['gpu.nvidia.com'].memory == quantity('24576Mi')")).toEqual({
      matches: true,
    });
    expect(run("quantity('1k') == quantity('1000')")).toEqual({ matches: true });
  });

  it("order with isGreaterThan, isLessThan and compareTo", () => {
    expect(run("device.capacity['gpu.nvidia.com'].memory.isGreaterThan(quantity('20Gi'))")).toEqual(
      { matches: true },
    );
    expect(run("quantity('500m').isLessThan(quantity('1'))")).toEqual({ matches: true });
    expect(run("quantity('2Gi').compareTo(quantity('2G')) == 1")).toEqual({ matches: true });
  });

  it("add and subtract quantities and integers", () => {
    expect(run("quantity('1Gi').add(quantity('1Gi')) == quantity('2Gi')")).toEqual({
      matches: true,
    });
    expect(run("quantity('5').sub(2) == quantity('3')")).toEqual({ matches: true });
  });

  it("convert to an integer only when that is exact", () => {
    expect(run("quantity('2k').asInteger() == 2000")).toEqual({ matches: true });
    expect(run("quantity('1.5').isInteger()")).toEqual({ matches: false });
    expect(run("quantity('1.5').asInteger() == 1")).toEqual({
      error: "cannot convert value to integer",
    });
  });

  it("refuse text that is not a quantity, at run time", () => {
    expect(run("isQuantity('24 Gi')")).toEqual({ matches: false });
    expect(run("quantity('24 Gi').sign() == 1")).toEqual({
      error: 'quantities must match the regular expression, got "24 Gi"',
    });
  });

  it("round finer than a nano up, as Kubernetes does", () => {
    expect(parseQuantityNanos("0.0000000001")).toBe(1n);
  });
});

describe("semantic versions", () => {
  it("compare version attributes with semver()", () => {
    expect(
      run(
        "device.attributes['gpu.nvidia.com'].cudaComputeCapability.isGreaterThan(semver('8.6.0'))",
      ),
    ).toEqual({ matches: true });
    expect(run("device.attributes['gpu.nvidia.com'].cudaComputeCapability.minor() == 9")).toEqual({
      matches: true,
    });
  });

  it("parse strictly unless asked to normalize", () => {
    expect(run("isSemver('v1.2')")).toEqual({ matches: false });
    expect(run("semver('v1.2', true) == semver('1.2.0')")).toEqual({ matches: true });
    expect(run("isSemver('01.2.3')")).toEqual({ matches: false });
  });

  it("order a pre-release below its release", () => {
    expect(compareSemver(parseSemver("1.0.0-rc.1")!, parseSemver("1.0.0")!)).toBe(-1);
    expect(compareSemver(parseSemver("1.0.0-rc.2")!, parseSemver("1.0.0-rc.10")!)).toBe(-1);
  });
});

describe("the device variable", () => {
  it("reads an unknown attribute domain as an empty map, so a missing attribute is a run-time error", () => {
    expect(run("device.attributes['example.com'].model == 'x'")).toEqual({
      error: "field not found: model",
    });
    expect(run("'model' in device.attributes['example.com']")).toEqual({ matches: false });
  });

  it("refuses a selector that does not return a bool", () => {
    expect(run("device.driver")).toEqual({ error: "expression returned string, not a bool" });
  });
});
