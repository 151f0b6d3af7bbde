/**
 * The Volcano objects of an environment, applied by the queues stack: a Queue per team, and an
 * admission policy that keeps each workload with one admitter.
 *
 * Who admits what: Kueue admits `batch/v1` Jobs (the only framework it manages) against the quotas of
 * Kueue's node groups; Volcano schedules Volcano Jobs and PodGroups against the quotas of its node
 * groups (`queueing.volcano.nodeGroups`). Each node group belongs to one of them, and a team's
 * devices on a group (`queueing.teams[].devices`, split as Kueue splits them) count in that one's
 * quota only, so no device is counted twice.
 *
 * Source: volcano-sh/volcano v1.15.1 CRD scheduling.volcano.sh_queues.yaml (spec.capability,
 * deserved, reclaimable, affinity.nodeGroupAffinity), docs/user-guide/how_to_use_dra_quota.md
 * (`deviceclass/<DeviceClass>` keys), pkg/scheduler/plugins/nodegroup.
 */
import { BLUEPRINT_PREFIX } from "../nodes/labels";
import type { ResolvedGpuNodeGroup } from "../nodes/settings";
import { DEVICE_CLASSES } from "../nvidia/device-classes";
import { QUEUE_NAME_LABEL } from "../queueing/chart";
import { denyingPolicy } from "../queueing/admission-policy";
import { MANAGED_JOBS_NAMESPACE_SELECTOR } from "../queueing/manager-config";
import { TEAM_LABEL, type QueueObject } from "../queueing/queue-objects";
import { deviceResource, QUOTA_RESOURCES, teamShare } from "../queueing/resources";
import type { ResolvedQueueing, ResolvedTeam } from "../queueing/settings";
import {
  VOLCANO_JOB_API_VERSION,
  VOLCANO_SCHEDULER_NAME,
  VOLCANO_SCHEDULING_API_VERSION,
} from "./chart";
import { volcanoNodeGroups } from "./resolve";
import type { ResolvedVolcano } from "./settings";

/** A capacity-plugin key counting devices of a DeviceClass. */
export const deviceClassKey = (deviceClass: string) => `deviceclass/${deviceClass}`;

/** The Queue key each of Kueue's quota resources becomes in Volcano. */
const VOLCANO_KEY: Readonly<Record<string, string>> = {
  [QUOTA_RESOURCES.gpu]: deviceClassKey(DEVICE_CLASSES.gpu),
  [QUOTA_RESOURCES.mig]: deviceClassKey(DEVICE_CLASSES.mig),
  [QUOTA_RESOURCES.devicePluginGpu]: QUOTA_RESOURCES.devicePluginGpu,
};

/** The ComputeDomain channel class, counted one per device as Kueue counts it. */
const CHANNEL_KEY = deviceClassKey(DEVICE_CLASSES.computeDomainChannel);

/** What a team may hold in Volcano, summed over Volcano's node groups, in whole units. */
export function volcanoTeamQuota(
  team: ResolvedTeam,
  groups: readonly ResolvedGpuNodeGroup[],
): Record<string, number> {
  const quota: Record<string, number> = { cpu: 0, memory: 0 };
  const add = (key: string, n: number) => (quota[key] = (quota[key] ?? 0) + n);
  for (const group of groups) {
    const devices = team.devices[group.name] ?? 0;
    const { millicores, mebibytes } = teamShare(group, devices);
    add("cpu", millicores);
    add("memory", mebibytes);
    add(VOLCANO_KEY[deviceResource(group).name], devices);
    if (group.computeDomains) add(CHANNEL_KEY, devices);
  }
  return quota;
}

/** Kubernetes quantities: CPU in millicores, memory in MiB, devices as counts. */
function quantities(quota: Readonly<Record<string, number>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(quota).map(([key, n]) => {
      if (key === "cpu") return [key, n % 1000 === 0 ? String(n / 1000) : `${n}m`];
      if (key === "memory") return [key, n % 1024 === 0 ? `${n / 1024}Gi` : `${n}Mi`];
      return [key, String(n)];
    }),
  );
}

/**
 * A team's Queue: its share as hard limit and as deserved share, not reclaimable, and pinned to
 * Volcano's node groups. A gang is never reclaimed in part, so there is no borrowing between teams
 * in Volcano (Kueue's cohort lends idle quota; Volcano would have to evict a running gang to take it
 * back).
 */
export function volcanoQueue(
  team: ResolvedTeam,
  groups: readonly ResolvedGpuNodeGroup[],
): QueueObject {
  const quota = quantities(volcanoTeamQuota(team, groups));
  return {
    apiVersion: VOLCANO_SCHEDULING_API_VERSION,
    kind: "Queue",
    metadata: { name: team.name, labels: { [TEAM_LABEL]: team.name } },
    spec: {
      reclaimable: false,
      capability: quota,
      deserved: quota,
      affinity: {
        nodeGroupAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: groups.map((g) => g.name),
        },
      },
    },
  };
}

/** The admission policy's name; its binding has the same name. */
export const ONE_ADMITTER_POLICY = `one-admitter.${BLUEPRINT_PREFIX}`;

/** The namespace label's value in CEL. */
const TEAM_OF_NAMESPACE = `namespaceObject.metadata.labels['${TEAM_LABEL}']`;

/**
 * Refuses, in team namespaces, what would be admitted twice or counted against another team:
 * a `batch/v1` Job (Kueue's) whose pods name Volcano's scheduler, a Volcano Job whose pods carry
 * Kueue's queue label, and a Volcano Job or PodGroup whose queue is not the namespace's team's. Enforced by the API server itself
 * (ValidatingAdmissionPolicy, GA since Kubernetes 1.30), so nothing can be unavailable.
 */
export function oneAdmitterPolicy(): QueueObject[] {
  const operations = ["CREATE", "UPDATE"];
  return denyingPolicy(ONE_ADMITTER_POLICY, {
    failurePolicy: "Fail",
    matchConstraints: {
      namespaceSelector: MANAGED_JOBS_NAMESPACE_SELECTOR,
      resourceRules: [
        { apiGroups: ["batch"], apiVersions: ["v1"], operations, resources: ["jobs"] },
        {
          apiGroups: [VOLCANO_JOB_API_VERSION.split("/")[0]],
          apiVersions: ["*"],
          operations,
          resources: ["jobs"],
        },
        {
          apiGroups: [VOLCANO_SCHEDULING_API_VERSION.split("/")[0]],
          apiVersions: ["*"],
          operations,
          resources: ["podgroups"],
        },
      ],
    },
    validations: [
      {
        expression:
          "request.kind.group != 'batch' || !has(object.spec.template.spec.schedulerName) || " +
          `object.spec.template.spec.schedulerName != '${VOLCANO_SCHEDULER_NAME}'`,
        message:
          "a batch/v1 Job is queued by Kueue; for a gang scheduled by Volcano, submit a Volcano Job " +
          `(${VOLCANO_JOB_API_VERSION}) instead of setting schedulerName ${VOLCANO_SCHEDULER_NAME}`,
      },
      {
        expression:
          `request.kind.group != '${VOLCANO_JOB_API_VERSION.split("/")[0]}' || ` +
          "!object.spec.tasks.exists(t, has(t.template.metadata) && " +
          `has(t.template.metadata.labels) && '${QUEUE_NAME_LABEL}' in t.template.metadata.labels)`,
        message:
          `a Volcano Job's pods are scheduled by Volcano; remove the ${QUEUE_NAME_LABEL} label from its task ` +
          "templates, or Kueue's pod integration would admit them too",
      },
      {
        expression:
          "request.kind.group == 'batch' || " +
          `(has(object.spec.queue) && object.spec.queue == ${TEAM_OF_NAMESPACE})`,
        messageExpression:
          "'spec.queue must be ' + " +
          `${TEAM_OF_NAMESPACE} + ', the Volcano Queue of the team that owns this namespace'`,
      },
    ],
  });
}

export interface VolcanoObjects {
  readonly queues: readonly QueueObject[];
  readonly admissionPolicy: readonly QueueObject[];
}

export function volcanoObjects(input: {
  readonly gpuNodeGroups: readonly ResolvedGpuNodeGroup[];
  readonly queueing?: ResolvedQueueing;
  readonly volcano?: ResolvedVolcano;
}): VolcanoObjects | undefined {
  if (!input.volcano || !input.queueing) return undefined;
  const groups = volcanoNodeGroups(input.gpuNodeGroups, input.volcano);
  return {
    queues: input.queueing.teams.map((team) => volcanoQueue(team, groups)),
    admissionPolicy: oneAdmitterPolicy(),
  };
}
