// Validates Kubernetes objects against the OpenAPI schemas that the kubernetes-models package
// generates from the Kubernetes API. The package ships ES modules only, so the tests run this
// file in its own Node process: objects arrive as a JSON array on stdin, and one result per
// object leaves as a JSON array on stdout: null when valid, else the validator's message.
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(0, "utf8"));
const results = [];
for (const object of objects) {
  const [group, version] = object.apiVersion.includes("/")
    ? object.apiVersion.split("/")
    : [undefined, object.apiVersion];
  const path = group
    ? `kubernetes-models/${group}/${version}/${object.kind}`
    : `kubernetes-models/${version}/${object.kind}`;
  try {
    const module = await import(path);
    new module[object.kind](object).validate();
    results.push(null);
  } catch (error) {
    results.push(String(error.message ?? error));
  }
}
process.stdout.write(JSON.stringify(results));
