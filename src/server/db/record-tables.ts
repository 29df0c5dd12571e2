import type { RecordObject } from "@/shared/permissions";
import { companies, contacts, deals, leads } from "./schema";

/** The table of each record type: one map for search, trash, references, custom fields. */
export const recordTables = { company: companies, contact: contacts, deal: deals, lead: leads } as const satisfies Record<RecordObject, unknown>;
