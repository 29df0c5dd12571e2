import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("a lead is qualified and converted into a contact, a company and a deal", async ({ page }) => {
  await signIn(page, demo.member.email);
  await page.getByRole("link", { name: "Leads" }).click();
  await page.getByRole("link", { name: "Marco Bellini" }).last().click();
  await expect(page.getByRole("heading", { name: "Marco Bellini" })).toBeVisible();
  await page.getByLabel("Status").selectOption({ label: "Qualified" });
  await expect(page.getByText("Qualified").first()).toBeVisible();

  await page.getByRole("button", { name: "Convert" }).click();
  const dialog = page.getByRole("dialog", { name: "Convert lead" });
  await dialog.getByLabel("Deal title").fill("Bellini Foods pilot");
  await dialog.getByLabel("Amount").fill("12000");
  await dialog.getByRole("button", { name: "Convert" }).click();

  await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Bellini Foods pilot" })).toBeVisible();
  await expect(page.getByText("$12,000 · Bellini Foods · owned by Sam Rivera")).toBeVisible();

  await page.getByRole("link", { name: "Leads" }).click();
  await page.getByRole("link", { name: "Marco Bellini" }).last().click();
  await expect(page.getByText("Converted into")).toBeVisible();
  await expect(page.getByRole("button", { name: "Convert" })).toHaveCount(0);
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("converted");
});
