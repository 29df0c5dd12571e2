import { z } from "zod";

/**
 * Collaborative document names: `<kind>/<record id>`. The workspace is never part of the name:
 * the collab-server always takes it from the record itself.
 */
/** A record page (its fields and note), or a shared document (a proposal, a contract). */
export const recordDocKinds = ["company", "contact", "deal", "lead", "task"] as const;
export const docKinds = [...recordDocKinds, "document"] as const;
export type DocKind = (typeof docKinds)[number];
export type RecordDocKind = (typeof recordDocKinds)[number];

export const isRecordDoc = (ref: DocRef): ref is { kind: RecordDocKind; id: string } => (recordDocKinds as readonly string[]).includes(ref.kind);

/** The Y.XmlFragment that holds a shared document's text. */
export const CONTENT_FIELD = "content";

export const docName = z
  .string()
  .regex(/^[a-z]+\/[0-9a-f-]{36}$/)
  .transform((name, ctx) => {
    const [kind, id] = name.split("/") as [string, string];
    const parsedKind = z.enum(docKinds).safeParse(kind);
    const parsedId = z.uuid().safeParse(id);
    if (!parsedKind.success || !parsedId.success) {
      ctx.addIssue({ code: "custom", message: "Unknown document." });
      return z.NEVER;
    }
    return { kind: parsedKind.data, id: parsedId.data };
  });

export type DocRef = { kind: DocKind; id: string };

export function formatDocName(ref: DocRef): string {
  return `${ref.kind}/${ref.id}`;
}

export function parseDocName(name: string): DocRef | null {
  const parsed = docName.safeParse(name);
  return parsed.success ? parsed.data : null;
}

/** The Y.XmlFragment that holds a record's rich-text note. */
export const NOTE_FIELD = "note";
