/**
 * Helm post-renderer: reads the rendered release on stdin, writes it without the objects named as
 * arguments (`Kind/name`). Helm runs it from the stack's folder, cdktf.out/stacks/<stack>.
 */
import { readFileSync } from "node:fs";
import { dropObjects, type ObjectRef } from "../lib/nvidia/post-render";

process.stdout.write(dropObjects(readFileSync(0, "utf8"), process.argv.slice(2) as ObjectRef[]));
