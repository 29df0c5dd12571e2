import { describe, expect, it } from "vitest";
import { callerAs, uniqueEmail } from "./helpers";

const signUp = (email: string, password: string) => callerAs(null).auth.signUp({ name: "Pat Password", email, password, workspaceName: "Pat Co" });

describe("new passwords (NIST 800-63B)", () => {
  it("refuses the most common passwords, and ones made of the person's email or the service's name, with a sentence", async () => {
    for (const common of ["qwertyuiop", "1q2w3e4r5t", "Password123"]) {
      await expect(signUp(uniqueEmail(), common)).rejects.toMatchObject({
        code: "BAD_REQUEST",
        message: "This password is one of the most common ones, so it is among the first tried: choose another.",
      });
    }
    const email = uniqueEmail("jordan");
    await expect(signUp(email, `${email.split("@")[0]}!2026`)).rejects.toThrow("Your password should not contain your email or the name of this service.");
    await expect(signUp(uniqueEmail(), "MyCRM-rocks-2026")).rejects.toThrow("Your password should not contain your email or the name of this service.");
    // A long, uncommon one is fine; nothing else (no "one digit, one symbol" rules).
    expect((await signUp(uniqueEmail(), "lantern moss harbour")).userId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
