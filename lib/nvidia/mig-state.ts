/**
 * What the GPU Operator's MIG manager does to a node's `nvidia.com/mig.config.state` label while it
 * applies the layout named by `nvidia.com/mig.config`: `pending` when it sees the layout, `rebooting`
 * while it reboots the node to change the GPUs' MIG mode, then `success` or `failed`.
 *
 * The EKS NVIDIA AMI boots its GPUs with MIG mode off. Turning it on needs a GPU reset that a p4d
 * instance cannot do while it runs, so the manager must reboot the node: mig-parted does so only
 * with `WITH_REBOOT=true`, which defaults to false, and the GPU Operator v26.7.0 sets only
 * `WITH_SHUTDOWN_HOST_GPU_CLIENTS`. Without it the layout ends `failed` and a DRA GPU plugin that
 * waits for `success` never starts.
 *
 * Sources: NVIDIA/mig-parted v0.15.0 cmd/nvidia-mig-manager (WITH_REBOOT, default false; the state
 * values); NVIDIA/gpu-operator v26.7.0 values.yaml (`migManager.env`); EKS user guide, MIG
 * page (its p4d example sets WITH_REBOOT=true); NVIDIA/gpu-operator#1606, #668. That every
 * MIG-capable type of the catalog needs the reboot is inferred from the p4d case (same AMI, GPUs
 * passed through to the instance).
 */
import { MIG_DISABLED_LAYOUT } from "../nodes/mig-layouts";

export type MigConfigState = "pending" | "rebooting" | "success" | "failed";

/** The order a layout that changes MIG mode goes through when the manager may reboot. */
export const MIG_STATES_WITH_REBOOT: readonly MigConfigState[] = [
  "pending",
  "rebooting",
  "success",
];

export interface EnvVar {
  readonly name: string;
  readonly value: string;
}

/** Lets mig-parted reboot the node when the layout changes MIG mode. */
export const MIG_MANAGER_REBOOT_ENV: EnvVar = { name: "WITH_REBOOT", value: "true" };

export function migManagerReboots(env: readonly EnvVar[]): boolean {
  return env.some((e) => e.name === MIG_MANAGER_REBOOT_ENV.name && e.value === "true");
}

/** Whether applying the layout turns MIG mode on, from the AMI's boot state (off). */
export function changesMigMode(layoutName: string): boolean {
  return layoutName !== MIG_DISABLED_LAYOUT;
}

/** The state the MIG manager ends in on a node whose `nvidia.com/mig.config` names the layout. */
export function settledMigState(layoutName: string, env: readonly EnvVar[]): MigConfigState {
  return changesMigMode(layoutName) && !migManagerReboots(env) ? "failed" : "success";
}

/** Why a layout failed and what to do, for synth and `npm run verify`. */
export function migFailureCause(instanceType: string, layoutName: string): string {
  return (
    `applying MIG layout "${layoutName}" turns MIG mode on, which on ${instanceType} needs a node reboot, and the ` +
    `MIG manager reboots only with ${MIG_MANAGER_REBOOT_ENV.name}=true in the GPU Operator's migManager.env`
  );
}
