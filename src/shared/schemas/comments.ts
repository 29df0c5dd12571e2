import { z } from "zod";
import { recordRef } from "./activities";
import { id } from "./common";

const body = z
  .string()
  .trim()
  .min(1, { message: "Write something first." })
  .max(5000, { message: "Keep a comment under 5,000 characters." });

export const createCommentInput = recordRef.extend({ body, parentId: id.optional() });
export const editCommentInput = z.object({ id, body });
export const resolveThreadInput = z.object({ id, resolved: z.boolean() });
