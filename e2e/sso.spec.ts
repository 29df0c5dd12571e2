import { expect, test } from "@playwright/test";
import { demo } from "./support";

test("single sign-on with OpenID Connect: the provider vouches for Olivia's email and she lands in her workspace", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Continue with Test OIDC" }).click();
  // The identity provider's own page.
  await expect(page.getByRole("heading", { name: "Test identity provider" })).toBeVisible();
  await page.getByLabel("Email").fill(demo.owner.email);
  await page.getByLabel("Name").fill("Olivia at the IdP");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/deals$/);
  // Her own account (her name here, not the provider's), in her workspace.
  await expect(page.getByRole("button", { name: `Account menu for ${demo.owner.name}` })).toBeVisible();
  await expect(page.getByText("Northwind Demo").first()).toBeVisible();
});

test("single sign-on with SAML: someone new arrives, gets an account, and starts a workspace", async ({ page }) => {
  const email = `sasha-${Date.now()}@saml.example.test`;
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Continue with Test SAML" }).click();
  await expect(page.getByRole("heading", { name: "Test SAML identity provider" })).toBeVisible();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill("Sasha Saml");
  await page.getByRole("button", { name: "Continue" }).click();
  // The IdP's page posts the signed answer; the one-time ticket becomes this browser's session.
  await expect(page.getByRole("heading", { name: "Welcome, Sasha Saml" })).toBeVisible();
  await expect(page.getByText(`You are signed in as ${email} but not part of a workspace yet`)).toBeVisible();
  await page.getByLabel("Workspace name").fill("Sasha's Studio");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/deals$/);
  await expect(page.getByText("Sasha's Studio").first()).toBeVisible();

  // A ticket that is not (or no longer) good is refused with a sentence and a way back.
  await page.context().clearCookies();
  await page.goto("/sign-in/sso?ticket=not-a-real-ticket");
  await expect(page.getByRole("alert").filter({ hasText: "expired or was already used" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Back to sign in" })).toBeVisible();
});
