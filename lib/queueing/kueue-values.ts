/**
 * Values for the Kueue chart. Keys are checked against the pinned chart's values.yaml by
 * test/queueing.test.ts.
 */
import { SYSTEM_NODE_SELECTOR } from "../nodes/labels";
import { toYaml } from "../yaml";
import { KUEUE_IMAGE } from "./chart";
import { kueueConfiguration } from "./manager-config";
import type { QueueingInput } from "./settings";

export interface KueueValues {
  readonly controllerManager: {
    /** Made explicit so a later default cannot turn DRA quota counting off unnoticed. */
    readonly featureGates: readonly { readonly name: string; readonly enabled: boolean }[];
    readonly manager: {
      readonly image: {
        readonly repository: string;
        readonly tag: string;
        readonly pullPolicy: "IfNotPresent";
      };
    };
    readonly nodeSelector: Readonly<Record<string, string>>;
  };
  readonly managerConfig: { readonly controllerManagerConfigYaml: string };
}

export function kueueValues(input: QueueingInput): KueueValues {
  return {
    controllerManager: {
      featureGates: [{ name: "KueueDRAIntegration", enabled: true }],
      manager: { image: { ...KUEUE_IMAGE, pullPolicy: "IfNotPresent" } },
      nodeSelector: SYSTEM_NODE_SELECTOR,
    },
    managerConfig: { controllerManagerConfigYaml: toYaml(kueueConfiguration(input)) },
  };
}
