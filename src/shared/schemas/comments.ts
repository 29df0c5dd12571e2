import { z } from "zod";
import { apiObjects } from "../permissions";
import { id } from "./common";

/** What comments and follows are about: a record, or a task. */
export const conversationRef = z.object({ recordType: z.enum(apiObjects), recordId: id });

const body = z
  .string()
  .trim()
  .min(1, { message: "Write something first." })
  .max(5000, { message: "Keep a comment under 5,000 characters." });

export const createCommentInput = conversationRef.extend({ body, parentId: id.optional() });
export const editCommentInput = z.object({ id, body });
export const resolveThreadInput = z.object({ id, resolved: z.boolean() });
