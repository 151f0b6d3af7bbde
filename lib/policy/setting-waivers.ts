/**
 * Exceptions that an environment's settings make on purpose: outside production, log groups
 * kept under a year (CKV_AWS_338) and a VPC without flow logs (CKV2_AWS_11). Each waiver quotes
 * the reason written next to the setting's default and says which setting a user changes to pass
 * instead. Production gets none: there a setting that breaks a rule needs a `policyWaivers` entry
 * in the environment, with its own reason.
 */
import { ONE_YEAR_RETENTION_DAYS, SHORT_LOG_RETENTION_REASON } from "../cluster/settings";
import { NO_FLOW_LOGS_REASON } from "../network/settings";
import { STATE_BUCKET_OMISSIONS, stateBucketPath } from "../state/buckets";
import type { PolicyRuleId } from "./rules";

/** A waiver that comes from a setting or an example, with what a user changes to pass the check. */
export interface WrittenWaiver {
  readonly rule: PolicyRuleId;
  readonly resourcePath: string;
  /** The setting (`environments.dev.logRetentionDays`) or example that causes the finding. */
  readonly source: string;
  readonly reason: string;
  readonly toPass: string;
}

/** What the waivers read of an environment. */
export interface SettingWaiverInput {
  readonly name: string;
  readonly production: boolean;
  readonly logRetentionDays: number;
  readonly network:
    { readonly kind: "new"; readonly flowLogs: boolean } | { readonly kind: "existing" };
}

/** Construct paths of the resources the settings shape (constructs/eks-cluster.ts, network.ts). */
export const clusterResourcePaths = (environment: string) => ({
  controlPlaneLogs: `${environment}-cluster/eks/control-plane-logs`,
  flowLogs: `${environment}-cluster/network/flow-logs`,
  vpc: `${environment}-cluster/network/vpc`,
});

export function settingWaivers(env: SettingWaiverInput): WrittenWaiver[] {
  if (env.production) return [];
  const at = `environments.${env.name}`;
  const paths = clusterResourcePaths(env.name);
  const flowLogs = env.network.kind === "new" && env.network.flowLogs;
  const found: WrittenWaiver[] = [];
  const days = env.logRetentionDays;
  if (days > 0 && days < ONE_YEAR_RETENTION_DAYS) {
    const retention = {
      rule: "LOG_GROUP_RETENTION_ONE_YEAR" as const,
      source: `${at}.logRetentionDays (${days})`,
      reason: SHORT_LOG_RETENTION_REASON,
      toPass: `set logRetentionDays to ${ONE_YEAR_RETENTION_DAYS} or more`,
    };
    found.push({ ...retention, resourcePath: paths.controlPlaneLogs });
    if (flowLogs) found.push({ ...retention, resourcePath: paths.flowLogs });
  }
  if (env.network.kind === "new" && !flowLogs) {
    found.push({
      rule: "VPC_FLOW_LOGS",
      resourcePath: paths.vpc,
      source: `${at}.network.flowLogs (${env.network.flowLogs})`,
      reason: NO_FLOW_LOGS_REASON,
      toPass: "set network.flowLogs to true",
    });
  }
  return found;
}

/** The waivers of the state bucket a `<env>-state` stack creates (lib/state/buckets.ts). */
export function stateBucketWaivers(stackName: string): WrittenWaiver[] {
  return Object.entries(STATE_BUCKET_OMISSIONS).map(([rule, omission]) => ({
    rule: rule as PolicyRuleId,
    resourcePath: stateBucketPath(stackName),
    source: "STATE_BUCKET_OMISSIONS (lib/state/buckets.ts)",
    ...omission,
  }));
}
