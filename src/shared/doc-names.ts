import { z } from "zod";

/**
 * Collaborative document names: `<kind>/<record id>`. The workspace is never part of the name:
 * the collab-server always takes it from the record itself.
 */
/** A record page: its fields and note. */
export const docKinds = ["company", "contact", "deal", "lead"] as const;
export type DocKind = (typeof docKinds)[number];

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
