/**
 * How an environment's data is treated when resources go away. Previews are disposable.
 * Before `berth destroy`, the stack is updated to a teardown mode: keeping data lifts the
 * database's deletion protection (it still leaves a final snapshot); deleting data also
 * drops the snapshot and lets buckets and file systems go.
 */
export type Teardown = "keep-data" | "delete-data";
