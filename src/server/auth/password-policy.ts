import { dictionary } from "@zxcvbn-ts/language-common";
import { AppError } from "@/shared/errors";

/**
 * NIST 800-63B 5.1.1.2: a new password is checked against passwords known to be common (the
 * zxcvbn-ts list of the 49,000 most used) and against words from the context (the service's name,
 * the person's own email). Length is checked by the form's schema (10+ characters); no rules about
 * character classes, as NIST advises.
 */
let common: Set<string> | null = null;

function commonPasswords(): Set<string> {
  common ??= new Set((dictionary["passwords-common"] as string[]).map((p) => p.toLowerCase()));
  return common;
}

export function passwordProblem(password: string, context: { email: string }): string | null {
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) return "This password is one of the most common ones, so it is among the first tried: choose another.";
  const local = context.email.split("@")[0]!.toLowerCase();
  if ((local.length >= 4 && lower.includes(local)) || lower.includes("mycrm")) {
    return "Your password should not contain your email or the name of this service.";
  }
  return null;
}

export function assertGoodPassword(password: string, context: { email: string }) {
  const problem = passwordProblem(password, context);
  if (problem) throw new AppError("INVALID", "auth.weak_password", problem);
}
