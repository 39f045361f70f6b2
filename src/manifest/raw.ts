// The manifest as written, after the shape check: every key optional, only values that
// passed their own type check present, lists with a hole (undefined) where an item failed so
// that indexes still match positions. Rules read this; normalize fills the defaults.
// The types are read off the schema itself (schema-dsl.ts, `Infer`): the schema is the one
// description of the manifest's shape, and these cannot drift from what the checker returns.

import type { Infer } from "./schema-dsl.js";
import type { manifestSchema, scheduleSchema } from "./schema.js";
import type { serviceSchema } from "./service-schema.js";

export type RawManifest = Infer<typeof manifestSchema>;
export type RawService = Infer<typeof serviceSchema>;
export type RawSchedule = Infer<typeof scheduleSchema>;
