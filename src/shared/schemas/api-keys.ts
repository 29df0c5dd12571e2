import { z } from "zod";
import { apiObjects } from "../permissions";
import { requiredText } from "./common";

export const apiKeyAccess = z.enum(["read", "write"]);

export const createApiKeyInput = z.object({
  name: requiredText("Name", 100),
  access: apiKeyAccess,
  objects: z
    .array(z.enum(apiObjects))
    .min(1, { message: "Choose at least one kind of record the key may use." })
    .transform((list) => [...new Set(list)]),
});
