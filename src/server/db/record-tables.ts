import type { RecordObject } from "@/shared/permissions";
import type { RecordDocKind } from "@/shared/doc-names";
import { companies, contacts, deals, leads, tasks } from "./schema";

/** The table of each record type: one map for search, trash, references, custom fields. */
export const recordTables = { company: companies, contact: contacts, deal: deals, lead: leads } as const satisfies Record<RecordObject, unknown>;

/** The table behind each kind of record document: the records, and tasks. */
export const docTables = { ...recordTables, task: tasks } as const satisfies Record<RecordDocKind, unknown>;
