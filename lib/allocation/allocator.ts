/**
 * Allocates one ResourceClaim on one node the way the scheduler's structured allocator does:
 * DeviceClass selectors, then the request's selectors (a CEL error fails the claim), exact counts
 * or `All`, devices not already taken (or, where a device allows multiple allocations, enough of
 * its capacity left under its request policy), and `matchAttribute` constraints across requests.
 *
 * Source: Kubernetes 1.36 k8s.io/dynamic-resource-allocation/structured (allocator, consumable
 * capacity), resource.k8s.io/v1 DeviceRequest, CapacityRequirements and CapacityRequestPolicy.
 */
import { DEVICE_CLASS_SELECTORS } from "../nvidia/device-classes";
import { tryCompileSelector, type CompiledSelector } from "./cel";
import { celDevice, type Capacity, type SliceDevice } from "./devices";
import { formatBytes, quantityValue } from "./quantity";

export interface ClaimRequest {
  readonly name: string;
  readonly deviceClassName: string;
  readonly selectors: readonly string[];
  readonly allocationMode: "ExactCount" | "All";
  readonly count: number;
  /** `capacity.requests`, in whole units. */
  readonly capacity: Readonly<Record<string, bigint>>;
}

export interface ClaimSpec {
  readonly requests: readonly ClaimRequest[];
  readonly constraints: readonly {
    readonly requests?: readonly string[];
    readonly matchAttribute: string;
  }[];
}

/** What a node's devices have given away so far: exclusive devices and consumed capacity. */
export class NodeState {
  readonly taken = new Set<string>();
  readonly consumed = new Map<string, Record<string, bigint>>();

  constructor(readonly devices: readonly SliceDevice[]) {}

  commit(results: readonly AllocationResult[]): void {
    for (const r of results) {
      const device = this.devices.find((d) => d.name === r.device)!;
      if (!device.allowMultipleAllocations) this.taken.add(r.device);
      const used = this.consumed.get(r.device) ?? {};
      for (const [name, amount] of Object.entries(r.consumed))
        used[name] = (used[name] ?? 0n) + amount;
      this.consumed.set(r.device, used);
    }
  }
}

export interface AllocationResult {
  readonly request: string;
  readonly device: string;
  readonly consumed: Readonly<Record<string, bigint>>;
}

export type Allocation =
  | { readonly ok: true; readonly results: readonly AllocationResult[] }
  | { readonly ok: false; readonly reason: string };

const SEARCH_LIMIT = 200_000;

/** The amount a request consumes of one capacity, or why the policy refuses it. */
function consumption(cap: Capacity, requested: bigint | undefined): bigint | string {
  const policy = cap.requestPolicy;
  let amount = requested ?? policy?.default ?? cap.value;
  if (policy) {
    if (amount < policy.min) amount = policy.min;
    const offset = amount - policy.min;
    if (policy.step > 0n && offset % policy.step !== 0n)
      amount = policy.min + (offset / policy.step + 1n) * policy.step;
    if (amount > policy.max) return `asks for ${amount} of a maximum of ${policy.max}`;
  }
  return amount;
}

/** What the request would consume of the device, or why the device cannot serve it. */
function demand(device: SliceDevice, request: ClaimRequest): Record<string, bigint> | string {
  const out: Record<string, bigint> = {};
  for (const name of Object.keys(request.capacity)) {
    if (!device.capacity[name]) return `has no capacity ${JSON.stringify(name)}`;
  }
  for (const [name, cap] of Object.entries(device.capacity)) {
    const requested = request.capacity[name];
    if (!device.allowMultipleAllocations) {
      if (requested !== undefined && requested > cap.value)
        return `has ${cap.value} of ${name}, below the ${requested} requested`;
      continue;
    }
    const amount = consumption(cap, requested);
    if (typeof amount === "string") return `${name} ${amount}`;
    out[name] = amount;
  }
  return out;
}

function fits(
  device: SliceDevice,
  state: NodeState,
  extra: Record<string, bigint>,
  want: Record<string, bigint>,
): boolean {
  if (!device.allowMultipleAllocations)
    return !state.taken.has(device.name) && !state.consumed.has(device.name);
  const used = state.consumed.get(device.name) ?? {};
  return Object.entries(want).every(
    ([name, amount]) =>
      (used[name] ?? 0n) + (extra[name] ?? 0n) + amount <= device.capacity[name].value,
  );
}

function attributeOf(device: SliceDevice, qualified: string, driver: string): string | undefined {
  const [domain, id] = [
    qualified.slice(0, qualified.lastIndexOf("/")),
    qualified.slice(qualified.lastIndexOf("/") + 1),
  ];
  const value = device.attributes[domain === driver ? id : qualified];
  return value === undefined
    ? undefined
    : JSON.stringify(value, (_, v) => (typeof v === "bigint" ? String(v) : v));
}

/** Allocates the claim on the node, or says why the scheduler could not. Does not change `state`. */
export function allocateClaim(claim: ClaimSpec, state: NodeState, driver: string): Allocation {
  const candidates: { device: SliceDevice; want: Record<string, bigint> }[][] = [];
  for (const request of claim.requests) {
    const classSelectors = DEVICE_CLASS_SELECTORS[request.deviceClassName];
    if (!classSelectors)
      return {
        ok: false,
        reason: `request "${request.name}" names DeviceClass "${request.deviceClassName}", which the DRA driver does not create`,
      };
    const compiled: CompiledSelector[] = [];
    for (const expression of [...classSelectors, ...request.selectors]) {
      const c = tryCompileSelector(expression);
      if ("error" in c)
        return {
          ok: false,
          reason: `request "${request.name}" selector \`${expression}\` is not valid CEL: ${c.error}`,
        };
      compiled.push(c);
    }
    const matching: { device: SliceDevice; want: Record<string, bigint> }[] = [];
    const refused: string[] = [];
    for (const device of state.devices) {
      let matches = true;
      for (const selector of compiled) {
        const result = selector.evaluate(celDevice(device, driver));
        if ("error" in result)
          return {
            ok: false,
            reason: `request "${request.name}" selector \`${selector.expression}\` fails on device ${device.name} with a CEL runtime error (${result.error}), which fails the claim`,
          };
        if (!result.matches) {
          matches = false;
          break;
        }
      }
      if (!matches) continue;
      const want = demand(device, request);
      if (typeof want === "string") refused.push(`${device.name} ${want}`);
      else matching.push({ device, want });
    }
    const needed = request.allocationMode === "All" ? matching.length : request.count;
    if (matching.length === 0 || matching.length < needed) {
      const why = refused.length ? ` (${refused.slice(0, 3).join("; ")})` : "";
      return {
        ok: false,
        reason: `request "${request.name}" asks for ${request.allocationMode === "All" ? "all" : needed} device(s) of DeviceClass "${request.deviceClassName}" matching its selectors; a node of this group has ${matching.length}${why}`,
      };
    }
    if (
      request.allocationMode === "All" &&
      matching.some((m) => !fits(m.device, state, {}, m.want))
    )
      return {
        ok: false,
        reason: `request "${request.name}" asks for all ${matching.length} matching devices, and some are already allocated`,
      };
    candidates.push(matching);
  }
  return search(claim, candidates, state, driver);
}

function search(
  claim: ClaimSpec,
  candidates: { device: SliceDevice; want: Record<string, bigint> }[][],
  state: NodeState,
  driver: string,
): Allocation {
  const picked: AllocationResult[] = [];
  const extra = new Map<string, Record<string, bigint>>();
  let steps = 0;
  let freeSeen = false;
  // Checked after every pick, so a combination that already breaks a constraint is not extended.
  const constraintsHold = (complete = true) =>
    claim.constraints.every((c) => {
      const names = c.requests?.length ? c.requests : claim.requests.map((r) => r.name);
      const values = picked
        .filter((p) => names.includes(p.request))
        .map((p) =>
          attributeOf(
            state.devices.find((d) => d.name === p.device)!,
            c.matchAttribute,
            driver,
          ),
        );
      if (!complete) return values.every((v) => v === undefined || v === values[0]);
      return values.every((v) => v !== undefined && v === values[0]);
    });
  const counts = claim.requests.map((r, i) =>
    r.allocationMode === "All" ? candidates[i].length : r.count,
  );
  const pick = (r: number, from: number, left: number): boolean => {
    if (++steps > SEARCH_LIMIT) return false;
    const request = claim.requests[r];
    if (!request) return constraintsHold();
    if (left === 0) return pick(r + 1, 0, counts[r + 1] ?? 0);
    for (let i = from; i <= candidates[r].length - left; i++) {
      const { device, want } = candidates[r][i];
      const own = extra.get(device.name) ?? {};
      const takenHere = picked.some((p) => p.device === device.name);
      if ((takenHere && !device.allowMultipleAllocations) || !fits(device, state, own, want))
        continue;
      freeSeen = true;
      picked.push({ request: request.name, device: device.name, consumed: want });
      extra.set(
        device.name,
        Object.fromEntries(Object.entries(want).map(([k, v]) => [k, (own[k] ?? 0n) + v])),
      );
      if (constraintsHold(false) && pick(r, i + 1, left - 1)) return true;
      picked.pop();
      extra.set(device.name, own);
    }
    return false;
  };
  const ok = pick(0, 0, counts[0] ?? 0);
  if (ok) return { ok: true, results: [...picked] };
  if (steps > SEARCH_LIMIT)
    return { ok: false, reason: `no allocation found within ${SEARCH_LIMIT} steps` };
  if (!freeSeen) return { ok: false, reason: takenReason(candidates.flat(), state) };
  const constraint = claim.constraints.map((c) => c.matchAttribute).join(", ");
  return {
    ok: false,
    reason: constraint
      ? `no set of free matching devices shares the attribute ${constraint}, as the constraint demands`
      : "the matching devices that are free are too few for the requested counts",
  };
}

/** Why no matching device is free: taken whole, or shared with too little capacity left. */
function takenReason(
  candidates: readonly { device: SliceDevice; want: Record<string, bigint> }[],
  state: NodeState,
): string {
  const short = candidates.flatMap(({ device, want }) => {
    if (!device.allowMultipleAllocations) return [];
    const used = state.consumed.get(device.name) ?? {};
    return Object.entries(want)
      .filter(([name, amount]) => (used[name] ?? 0n) + amount > device.capacity[name].value)
      .map(([name, amount]) => {
        const left = device.capacity[name].value - (used[name] ?? 0n);
        const unit = (n: bigint) => (name === "memory" ? formatBytes(n) : String(n));
        return `${device.name} has ${unit(left)} of ${name} left, the claim needs ${unit(amount)}`;
      });
  });
  return short.length > 0
    ? `every matching device is shared by earlier claims without room for this one (${short.join("; ")})`
    : "every matching device is already allocated to earlier claims";
}

/** Capacity requests of a rendered request, in whole units. */
export function capacityRequests(
  requests: Readonly<Record<string, string>> | undefined,
): Record<string, bigint> {
  return Object.fromEntries(
    Object.entries(requests ?? {}).map(([name, q]) => [name, quantityValue(q)]),
  );
}
