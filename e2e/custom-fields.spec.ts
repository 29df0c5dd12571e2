import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("an admin adds a custom field and a member fills it in on a deal", async ({ page, browser }) => {
  await signIn(page, demo.owner.email);
  await page.getByRole("link", { name: "Custom fields" }).click();
  await page.getByRole("button", { name: "New field" }).click();
  const dialog = page.getByRole("dialog", { name: "New field" });
  await dialog.getByLabel("Record type").selectOption({ label: "Deals" });
  await dialog.getByLabel("Field name").fill("Lead source");
  await dialog.getByLabel("Type", { exact: true }).selectOption({ label: "Select" });
  await dialog.getByRole("button", { name: "Add field" }).click();
  await expect(dialog.getByText("A select field needs at least one choice.")).toBeVisible();
  await dialog.getByLabel("Choices, one per line").fill("Website\nReferral\nEvent");
  await dialog.getByRole("button", { name: "Add field" }).click();
  await expect(page.getByRole("region", { name: "Deals fields" })).toContainText("Lead source");
  await expect(page.getByRole("region", { name: "Deals fields" })).toContainText("Website, Referral, Event");

  const member = await browser.newContext();
  const sam = await member.newPage();
  await signIn(sam, demo.member.email);
  await sam.getByRole("link", { name: "Globex platform licence" }).last().click();
  await sam.getByLabel("Lead source").selectOption({ label: "Referral" });
  // Saved as chosen, live: the timeline records it.
  await expect(sam.getByRole("list", { name: "Timeline" })).toContainText("Lead source", { timeout: 10_000 });
  await sam.reload();
  await expect(sam.getByLabel("Lead source")).toHaveValue(/referral/);
  await member.close();

  // Renaming the field keeps the value.
  page.once("dialog", (d) => void d.accept("Source"));
  await page.getByRole("region", { name: "Deals fields" }).getByRole("button", { name: "Rename" }).click();
  await expect(page.getByRole("region", { name: "Deals fields" })).toContainText("Source");
  await page.getByRole("link", { name: "Deals" }).click();
  await page.getByRole("link", { name: "Globex platform licence" }).last().click();
  await expect(page.getByLabel("Source", { exact: true })).toHaveValue(/referral/);
});
