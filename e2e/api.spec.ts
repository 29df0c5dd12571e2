import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("an owner creates an API key, an integration uses it, and revoking it stops it", async ({ page, playwright, baseURL }) => {
  await signIn(page, demo.owner.email);
  await page.getByRole("link", { name: "API keys" }).click();
  await page.getByRole("button", { name: "New API key" }).click();
  const dialog = page.getByRole("dialog", { name: "New API key" });
  await dialog.getByLabel("Name").fill("Reporting sync");
  await dialog.getByLabel("Read only").check();
  await dialog.getByRole("button", { name: "Create key" }).click();

  const token = (await page.getByTestId("new-api-key").textContent())!.trim();
  expect(token).toMatch(/^mcrm_[a-z0-9]{8}_/);
  await page.keyboard.press("Escape");
  await expect(page.getByRole("list", { name: "API keys" })).toContainText("Reporting sync");
  await expect(page.getByText(token)).toHaveCount(0); // never shown again

  const integration = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  const deals = await integration.get("/api/v1/deals");
  expect(deals.status()).toBe(200);
  expect(((await deals.json()) as { title: string }[]).map((d) => d.title)).toContain("Globex platform licence");
  expect((await integration.post("/api/v1/companies", { data: { name: "Read-only cannot" } })).status()).toBe(403);

  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Revoke" }).click();
  await expect(page.getByText("Revoked", { exact: true })).toBeVisible();
  expect((await integration.get("/api/v1/deals")).status()).toBe(401);
  await integration.dispose();
});

test("the API docs page shows the REST API", async ({ page }) => {
  await page.goto("/api/docs");
  await expect(page.getByRole("heading", { name: /MyCRM API/ })).toBeVisible();
  await expect(page.getByText("/companies/{id}").first()).toBeVisible();
});

test("members do not see API key settings", async ({ page }) => {
  await signIn(page, demo.member.email);
  await expect(page.getByRole("link", { name: "API keys" })).toHaveCount(0);
  await page.goto("/settings/api-keys");
  await expect(page.getByText("Only workspace owners and admins manage API keys.")).toBeVisible();
});
