import { z } from "zod";
import { email, requiredText } from "./common";

export const password = z
  .string({ message: "Choose a password." })
  .min(10, { message: "Use at least 10 characters for your password." })
  .max(200, { message: "Keep the password under 200 characters." });

export const signUpInput = z.object({
  name: requiredText("Your name", 120),
  email,
  password,
  workspaceName: requiredText("Workspace name", 120),
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.object({
  email,
  password: z.string().min(1).max(200),
  /** A code from an authenticator app, or a recovery code, when two-factor sign-in is on. */
  code: z
    .string()
    .trim()
    .max(20)
    .optional()
    .transform((v) => v || undefined),
});
