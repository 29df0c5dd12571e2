import { expect, test } from "@playwright/test";
import { latestEmailTo, signIn, signUpNew } from "./support";

test("forgot password: a link by email, a new password, signed out everywhere, signing in with the new one", async ({ page, browser }) => {
  const email = `forgetful-${Date.now()}@example.test`;
  // Signed in on another device, which the reset will sign out.
  const other = await browser.newContext();
  const device = await other.newPage();
  await signUpNew(device, { name: "Fern Forgetful", email, password: "first rainy harbour", workspace: "Fern's" });

  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("status")).toContainText("If an account has that email, a link to choose a new password is on its way");

  const text = await latestEmailTo(email);
  const link = text.match(/https?:\/\/\S+\/reset-password\/\S+/)![0];
  await page.goto(link.replace(/^https?:\/\/[^/]+/, ""));
  await expect(page.getByText(`For ${email}.`)).toBeVisible();
  await page.getByLabel("New password").fill("password123");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "common" })).toBeVisible();
  await page.getByLabel("New password").fill("second sunny orchard");
  await page.getByRole("button", { name: "Set the new password" }).click();
  await expect(page.getByRole("status")).toContainText("Your password is changed and you are signed out everywhere");

  // The other device's session is over.
  await device.reload();
  await expect(device).toHaveURL(/\/sign-in/);
  await other.close();

  // The link is spent; the old password no longer works; the new one does.
  await page.goto(link.replace(/^https?:\/\/[^/]+/, ""));
  await expect(page.getByRole("alert").filter({ hasText: "expired or was already used" })).toBeVisible();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("first rainy harbour");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
  await signIn(page, email, "second sunny orchard");
});

test("changing one's password in Settings → Security: the current one first, then signed out, then in with the new one", async ({ page }) => {
  const email = `changer-${Date.now()}@example.test`;
  await signUpNew(page, { name: "Cal Changer", email, password: "first quiet meadow", workspace: "Cal's" });
  await page.getByRole("link", { name: "Security", exact: true }).click();
  await page.getByLabel("Current password").fill("not the password");
  await page.getByLabel("New password").fill("second windy meadow");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Your current password is not right." })).toBeVisible();
  await page.getByLabel("Current password").fill("first quiet meadow");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByText("Your password is changed. Sign in with the new one.")).toBeVisible();
  await signIn(page, email, "second windy meadow");
});
