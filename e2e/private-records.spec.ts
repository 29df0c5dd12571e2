import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("an owner allows private records and makes a deal private: a colleague no longer finds it anywhere, until it is shared again", async ({ page, browser }) => {
  await signIn(page, demo.owner.email);
  await page.getByRole("link", { name: "Security", exact: true }).click();
  await page.getByLabel(/Allow private records/).click();
  await expect(page.getByText("Records can now be made private", { exact: true })).toBeVisible();
  const other = await browser.newContext();
  const vera = await other.newPage();
  try {
    await page.goto("/deals");
    await page.getByRole("link", { name: "Initech finance suite" }).last().click();
    const who = page.getByLabel("Who sees this");
    await expect(who).toContainText("The whole workspace sees it.");
    await who.getByRole("button", { name: "Make private" }).click();
    await expect(who).toContainText(/Private: only .+ and the workspace's admins see it\./);
    const dealUrl = page.url().replace(/^https?:\/\/[^/]+/, "");

    await signIn(vera, demo.viewer.email);
    await expect(vera.getByRole("link", { name: "Stark plant analytics" }).last()).toBeVisible();
    await expect(vera.getByRole("link", { name: "Initech finance suite" })).toHaveCount(0);
    await vera.goto(dealUrl);
    await expect(vera.getByRole("alert").filter({ hasText: /not found|does not exist/i })).toBeVisible();

    await who.getByRole("button", { name: "Share with the workspace" }).click();
    await expect(who).toContainText("The whole workspace sees it.");
    await vera.goto("/deals");
    await expect(vera.getByRole("link", { name: "Initech finance suite" }).last()).toBeVisible();
  } finally {
    await other.close();
    await page.goto("/settings/security");
    await page.getByLabel(/Allow private records/).click();
    await expect(page.getByText("Every record is visible to the whole workspace again", { exact: true })).toBeVisible();
  }
});
