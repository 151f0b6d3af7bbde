import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import {
  DCGM_EXPORTER_DRA_RULES,
  DCGM_EXPORTER_SERVICE_ACCOUNT,
} from "../lib/nvidia/dcgm-exporter";
import { GPU_OPERATOR_NAMESPACE } from "../lib/nvidia/charts";

export interface DcgmExporterDraAccessProps {
  /** The GPU Operator release, which creates the exporter's service account. */
  readonly after: readonly ITerraformDependable[];
}

/**
 * Lets the GPU Operator's dcgm-exporter read ResourceSlices, which it needs to attribute DRA GPUs
 * to pods (lib/nvidia/dcgm-exporter.ts); the operator's own ClusterRole for it lacks them.
 */
export class DcgmExporterDraAccess extends Construct {
  constructor(scope: Construct, id: string, props: DcgmExporterDraAccessProps) {
    super(scope, id);
    const name = "dcgm-exporter-dra-resourceslices";
    const role = new ClusterRoleV1(this, "role", {
      metadata: { name },
      rule: DCGM_EXPORTER_DRA_RULES.map((r) => ({
        apiGroups: [...r.apiGroups],
        resources: [...r.resources],
        verbs: [...r.verbs],
      })),
    });
    new ClusterRoleBindingV1(this, "binding", {
      metadata: { name },
      roleRef: {
        apiGroup: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: role.metadata.name,
      },
      subject: [
        {
          kind: "ServiceAccount",
          name: DCGM_EXPORTER_SERVICE_ACCOUNT,
          namespace: GPU_OPERATOR_NAMESPACE,
        },
      ],
      dependsOn: [...props.after],
    });
  }
}
