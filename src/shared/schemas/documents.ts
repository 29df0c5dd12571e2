import { z } from "zod";
import { id, requiredText } from "./common";

export const documentKinds = ["proposal", "contract", "other"] as const;
export const documentKindLabels: Record<(typeof documentKinds)[number], string> = { proposal: "Proposal", contract: "Contract", other: "Document" };
/** Shared documents belong to deals and companies. */
export const documentParents = ["deal", "company"] as const;

export const createDocumentInput = z.object({
  recordType: z.enum(documentParents),
  recordId: id,
  title: requiredText("Title", 200),
  kind: z.enum(documentKinds).default("proposal"),
});
export const renameDocumentInput = z.object({ id, title: requiredText("Title", 200) });
export const nameVersionInput = z.object({ id, name: requiredText("Version name", 100) });
