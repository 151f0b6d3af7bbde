/** Zones and subnets that cannot exist in the environment's region are refused at synth. */
import { EXISTING_VPC, problemsOrNone } from "./helpers";

const newVpc = (availabilityZones: string[]) => ({
  network: { kind: "new" as const, vpcCidr: "10.0.0.0/16", availabilityZones },
});

test("a typo'd zone letter is refused, naming the region's zones", () => {
  expect(problemsOrNone(newVpc(["us-east-1a", "us-east-1z"]))).toEqual([
    'environments.test.network.availabilityZones entry "us-east-1z" is not a zone of region "us-east-1", whose ' +
      "Availability Zones are named us-east-1a to us-east-1f; use one of those your account has (aws ec2 " +
      "describe-availability-zones lists them)",
  ]);
});

test("a zone letter past a three-zone region's last is refused", () => {
  expect(problemsOrNone({ region: "eu-west-1", ...newVpc(["eu-west-1a", "eu-west-1d"]) })).toEqual([
    'environments.test.network.availabilityZones entry "eu-west-1d" is not a zone of region "eu-west-1", whose ' +
      "Availability Zones are named eu-west-1a to eu-west-1c; use one of those your account has (aws ec2 " +
      "describe-availability-zones lists them)",
  ]);
});

test("every zone letter a region has is accepted", () => {
  expect(problemsOrNone(newVpc(["us-east-1e", "us-east-1f"]))).toEqual([]);
  expect(problemsOrNone({ region: "us-west-2", ...newVpc(["us-west-2c", "us-west-2d"]) })).toEqual(
    [],
  );
});

test("an existing subnet in a zone the region does not have is refused", () => {
  const [first, second] = EXISTING_VPC.privateSubnets;
  expect(
    problemsOrNone({
      network: {
        ...EXISTING_VPC,
        privateSubnets: [first, { ...second, availabilityZone: "us-east-1g" }],
      },
    }),
  ).toEqual([
    `environments.test.network.privateSubnets entry "${second.id}" has availabilityZone "us-east-1g", which is not ` +
      'an Availability Zone of region "us-east-1" (us-east-1a to us-east-1f); use the subnet\'s zone as the VPC ' +
      "console shows it",
  ]);
});

test("a subnet listed twice is named", () => {
  const [first, second] = EXISTING_VPC.privateSubnets;
  expect(
    problemsOrNone({ network: { ...EXISTING_VPC, privateSubnets: [first, second, first] } }),
  ).toEqual([
    `environments.test.network.privateSubnets lists "${first.id}" more than once; list each subnet once`,
  ]);
});
