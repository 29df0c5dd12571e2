import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("a sensitive field: hidden until revealed, edited in its card, never shown to a viewer", async ({ page, browser }) => {
  await signIn(page, demo.owner.email);
  await page.getByRole("link", { name: "Custom fields" }).click();
  await page.getByRole("button", { name: "New field" }).click();
  const dialog = page.getByRole("dialog", { name: "New field" });
  await dialog.getByLabel("Record type").selectOption({ label: "Contacts" });
  await dialog.getByLabel("Field name").fill("National ID");
  await dialog.getByLabel(/^Sensitive/).check();
  await dialog.getByRole("button", { name: "Add field" }).click();
  await expect(page.getByRole("region", { name: "Contacts fields" })).toContainText("National ID");
  await expect(page.getByRole("region", { name: "Contacts fields" })).toContainText("Sensitive");

  await page.goto("/contacts");
  await page.getByRole("link", { name: "Ada Moreno" }).first().click();
  const fields = page.locator("dl[aria-label='Sensitive fields']");
  await expect(fields).toContainText("National ID");
  await expect(fields).toContainText("Empty");
  await page.getByRole("button", { name: "Reveal" }).click();
  await page.getByRole("button", { name: "Edit" }).click();
  await page.getByLabel("New National ID").fill("AB 12 34 56 C");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(fields).toContainText("AB 12 34 56 C");
  await page.getByRole("button", { name: "Hide" }).click();
  await expect(fields).not.toContainText("AB 12 34 56 C");
  await expect(fields).toContainText("••••••••");

  // The viewer sees that there is something, not what.
  const other = await browser.newContext();
  const vera = await other.newPage();
  await signIn(vera, demo.viewer.email);
  await vera.goto(page.url().replace(/^https?:\/\/[^/]+/, ""));
  const hers = vera.locator("dl[aria-label='Sensitive fields']");
  await expect(hers).toContainText("••••••••");
  await expect(vera.getByRole("button", { name: "Reveal" })).toHaveCount(0);
  await other.close();

  // The reveal is in the audit log.
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Kind of event").fill("sensitive.revealed");
  await expect(page.getByRole("table", { name: "Audit log" }).getByRole("row").filter({ hasText: "sensitive.revealed" }).first()).toBeVisible();
});
