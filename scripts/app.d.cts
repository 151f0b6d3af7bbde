/** Types of scripts/app.cjs for the tests. */
export declare function prepare(
  root: string,
  outdir: string,
): { readonly bundle?: string; readonly errors?: readonly string[] };
