/**
 * Kubernetes label syntax, as the API server validates it (Kubernetes docs, "Labels and
 * Selectors": syntax and character set), and the prefixes the kubelet keeps for itself
 * (kubelet --node-labels refuses the kubernetes.io and k8s.io namespaces except a few it sets).
 */
const NAME = /^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** The kubernetes.io prefixes the kubelet lets nodes label themselves with (KEP-279, node self-labeling). */
const SELF_LABEL_PREFIXES = ["node.kubernetes.io", "kubelet.kubernetes.io"];

/** Why a label key cannot be set on a node, or undefined when it can. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    return "its prefix is not a DNS subdomain of at most 253 characters (lowercase letters, digits, '-' and '.')";
  }
  if (!NAME.test(name)) {
    return "its name part must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
  }
  if (
    prefix !== undefined &&
    /(^|\.)(kubernetes\.io|k8s\.io)$/.test(prefix) &&
    !SELF_LABEL_PREFIXES.includes(prefix)
  ) {
    return (
      "the kubernetes.io and k8s.io prefixes are reserved for Kubernetes components and the kubelet refuses them " +
      "(except node.kubernetes.io and kubelet.kubernetes.io)"
    );
  }
  return undefined;
}

/** Why a label value is not valid, or undefined when it is. */
export function labelValueProblem(value: string): string | undefined {
  return value === "" || NAME.test(value)
    ? undefined
    : "a value must be empty or 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
}
