import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("a new user signs up, lands in their own empty workspace, signs out and back in", async ({ page }) => {
  const email = `founder-${Date.now()}@example.test`;
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByRole("link", { name: "Create a workspace" }).click();

  // A short password is explained before anything is sent.
  await page.getByLabel("Your name").fill("Fran Founder");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Workspace name").fill("Founder Ltd");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Use at least 10 characters for your password.")).toBeVisible();

  await page.getByLabel("Password").fill("a-good-long-password");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/deals$/);
  await expect(page.getByText("Founder Ltd").first()).toBeVisible();
  await expect(page.getByText("No deals yet.")).toBeVisible();

  await page.getByRole("button", { name: "Account menu for Fran Founder" }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/deals");
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, email, "a-good-long-password");
  await expect(page.getByText("Founder Ltd").first()).toBeVisible();
});

test("a wrong password is refused with a sentence", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demo.owner.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That email and password do not match an account." })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("signing up with an email that exists says so", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Copy Cat");
  await page.getByLabel("Work email").fill(demo.owner.email);
  await page.getByLabel("Password").fill("a-good-long-password");
  await page.getByLabel("Workspace name").fill("Copycat Inc");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
});
