/**
 * The AWS tags of an environment: the user's, checked against AWS's tag rules with the tags the
 * blueprint adds itself counted in, so no apply fails on a resource with too many tags.
 *
 * Source: "Tagging AWS resources" (Tag naming limits and requirements): at most 50 user tags per
 * resource; keys 1-128 and values 0-256 characters; the `aws:` prefix is reserved.
 */
import { show, type Problems } from "./errors";

/** Tag every resource of an environment's stacks carries (provider default tags). */
export const ENVIRONMENT_TAG = "eks-gpu-dra/environment";

/**
 * The most tags the blueprint puts on one resource beside the user's: the environment tag, `Name`,
 * and a subnet's `kubernetes.io/role/elb` or `kubernetes.io/role/internal-elb` (constructs/network.ts).
 */
export const BLUEPRINT_TAGS_PER_RESOURCE = [ENVIRONMENT_TAG, "Name", "kubernetes.io/role/elb"];

export const MAX_TAGS_PER_RESOURCE = 50;

/** Characters AWS tag keys and values may hold. */
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

export function checkTags(
  tags: Readonly<Record<string, string>>,
  at: string,
  problems: Problems,
): void {
  const room = MAX_TAGS_PER_RESOURCE - BLUEPRINT_TAGS_PER_RESOURCE.length;
  const count = Object.keys(tags).length;
  if (count > room) {
    problems.add(
      `${at}.tags has ${count} tags, but AWS allows ${MAX_TAGS_PER_RESOURCE} per resource and the blueprint adds up ` +
        `to ${BLUEPRINT_TAGS_PER_RESOURCE.length} itself (${BLUEPRINT_TAGS_PER_RESOURCE.join(", ")}), so at most ` +
        `${room} fit; drop ${count - room} of them or merge several into one`,
    );
  }
  for (const [key, value] of Object.entries(tags)) {
    if (key.toLowerCase().startsWith("aws:")) {
      problems.add(`${at}.tags key ${show(key)} uses the reserved "aws:" prefix; rename the tag`);
    } else if (key.length < 1 || key.length > 128 || !TAG_TEXT.test(key)) {
      problems.add(
        `${at}.tags key ${show(key)} is not a tag key AWS accepts: 1-128 letters, digits, spaces and + - = . _ : / @; rename it`,
      );
    }
    if (value.length > 256 || !TAG_TEXT.test(value)) {
      problems.add(
        `${at}.tags ${show(key)} value of ${value.length} characters is not a tag value AWS accepts: at most 256 letters, ` +
          "digits, spaces and + - = . _ : / @; shorten it or move the text elsewhere",
      );
    }
  }
}
