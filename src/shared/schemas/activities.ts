import { z } from "zod";
import { recordObjects } from "../permissions";
import { id, optionalText } from "./common";

export const recordRef = z.object({ recordType: z.enum(recordObjects), recordId: id });

/** What people log by hand on a record's timeline. */
export const loggedKinds = ["call", "meeting", "email", "note"] as const;
export const loggedKindLabels: Record<(typeof loggedKinds)[number], string> = {
  call: "Call",
  meeting: "Meeting",
  email: "Email",
  note: "Note",
};

export const logActivityInput = recordRef.extend({
  kind: z.enum(loggedKinds),
  subject: optionalText(200),
  body: z.string().trim().max(10_000, { message: "Keep it under 10,000 characters." }).default(""),
  /** When it happened; now when not given. */
  occurredAt: z.coerce.date().optional(),
});

export const timelineInput = recordRef.extend({
  limit: z.number().int().min(1).max(100).default(30),
  /** The `next` of the previous page (opaque). */
  cursor: z.string().max(200).nullish(),
});
