/**
 * Where the blueprint can deploy: the commercial AWS regions, their zone names, and the zones
 * that sell what only some zones sell. Pinned so that synth checks them offline.
 *
 * Sources: aws/aws-sdk-js-v3 packages/util-endpoints/src/lib/aws/partitions.json (the "aws"
 * partition, checked December 2026: 34 regions, ap-east-2 Taipei and ap-southeast-6 New Zealand
 * the newest); EC2 User Guide, "Launch instances using Capacity Blocks" (P6e-GB200 UltraServer
 * Capacity Blocks need the Dallas Local Zone of us-east-1); AWS Local Zones User Guide,
 * "Available Local Zones" (the zone names and parent regions below; us-east-1-dfw-2a is
 * US East (Dallas) 2). Only Local Zones read in that table are listed: add yours there.
 */
import { closest } from "../schema";

export const COMMERCIAL_REGIONS = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
] as const;

/** Local Zones known to exist, with their parent region. */
export const LOCAL_ZONES: Readonly<Record<string, string>> = {
  "us-east-1-atl-1a": "us-east-1",
  "us-east-1-atl-2a": "us-east-1",
  "us-east-1-bos-1a": "us-east-1",
  "us-east-1-chi-1a": "us-east-1",
  "us-east-1-chi-2a": "us-east-1",
  "us-east-1-dfw-2a": "us-east-1",
  "us-east-1-qro-1a": "us-east-1",
  "us-west-2-lax-1a": "us-west-2",
};

/** Zones where EC2 sells P6e-GB200 UltraServer Capacity Blocks. */
export const P6E_GB200_ZONES: readonly string[] = ["us-east-1-dfw-2a"];

export function isCommercialRegion(region: string): boolean {
  return (COMMERCIAL_REGIONS as readonly string[]).includes(region);
}

/** A fix for a region name that is not in the list: the closest one, or where to find them. */
export function regionFix(region: string): string {
  const guess = closest(region, COMMERCIAL_REGIONS);
  return guess
    ? `did you mean ${JSON.stringify(guess)}?`
    : `use a commercial region such as "us-east-1" (the list is in lib/network/regions.ts)`;
}

/**
 * The last zone letter of regions with more than three Availability Zone names; every other
 * region's zones run from "a" to "c". Taken from AWS's published zone counts per region and
 * `aws ec2 describe-availability-zones` listings as known in December 2026, not re-read from an
 * AWS source here. Which letters an account sees varies (us-west-1 shows two of a-c), but no
 * account sees a letter past these: a zone beyond them is a typo. If AWS opens a zone, or a
 * listing shows a later letter, add it here.
 */
const LAST_ZONE_LETTER: Readonly<Record<string, string>> = {
  "us-east-1": "f",
  "us-west-2": "d",
  "ap-northeast-1": "d",
  "ap-northeast-2": "d",
  "ca-central-1": "d",
};

/** The zone names of a region, as a range for messages: `us-east-1a to us-east-1f`. */
export function availabilityZoneRange(region: string): string {
  return `${region}a to ${region}${LAST_ZONE_LETTER[region] ?? "c"}`;
}

/** An Availability Zone of the region: the region name and one of its zone letters (`us-east-1a`). */
export function isAvailabilityZoneOf(zone: string, region: string): boolean {
  const letter = zone.slice(region.length);
  return (
    zone.startsWith(region) && /^[a-z]$/.test(letter) && letter <= (LAST_ZONE_LETTER[region] ?? "c")
  );
}

/** A zone of the region: one of its Availability Zones or a Local Zone listed above. */
export function isZoneOf(zone: string, region: string): boolean {
  return isAvailabilityZoneOf(zone, region) || LOCAL_ZONES[zone] === region;
}
