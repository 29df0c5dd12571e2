import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("an owner records a contact's consent and its withdrawal, exports everything held about them as JSON, then erases it", async ({ page }) => {
  await signIn(page, demo.owner.email);
  await page.goto("/contacts");
  await page.getByRole("button", { name: "New contact" }).click();
  const dialog = page.getByRole("dialog", { name: "New contact" });
  const last = `Subject${Date.now()}`;
  await dialog.getByLabel("First name").fill("Dana");
  await dialog.getByLabel("Last name").fill(last);
  await dialog.getByLabel("Email", { exact: true }).fill(`dana.${last.toLowerCase()}@example.test`);
  await dialog.getByRole("button", { name: "Create contact" }).click();
  await expect(page.getByRole("heading", { name: `Dana ${last}` })).toBeVisible();

  // What they agreed to, and a withdrawal, kept as history.
  await page.getByLabel("Purpose").fill("Newsletter");
  await page.getByLabel("Source").fill("Web form, pricing page");
  await page.getByRole("button", { name: "Record consent" }).click();
  const consent = page.getByRole("list", { name: "Consents" }).getByRole("listitem", { name: "Newsletter" });
  await expect(consent).toContainText("Web form, pricing page");
  await consent.getByRole("button", { name: "Withdrawn" }).click();
  await expect(consent).toContainText("withdrawn");

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export their data" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^contact-[0-9a-f-]{36}\.json$/);
  const data = JSON.parse(await readFile((await file.path())!, "utf8")) as { kind: string; person: { firstName: string; lastName: string }; consents: { purpose: string; withdrawnAt: string | null }[] };
  expect(data.kind).toBe("contact");
  expect(data.consents).toEqual([expect.objectContaining({ purpose: "Newsletter", withdrawnAt: expect.any(String) as unknown })]);
  expect(data.person).toMatchObject({ firstName: "Dana", lastName: last });

  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Erase their data" }).click();
  await expect(page.getByRole("heading", { name: "Erased person" })).toBeVisible();
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("erased this person's data at their request");
});

test("an admin sets a retention rule: what it would do today, then on, then run now", async ({ page }) => {
  await signIn(page, demo.owner.email);
  await page.getByRole("link", { name: "Privacy", exact: true }).click();
  const rule = page.getByRole("listitem", { name: "The trash" });
  await rule.getByLabel("The trash: days").fill("0");
  await expect(rule.getByRole("status")).toHaveText("Use a whole number of days from 1 to 3,650.");
  await rule.getByLabel("The trash: days").fill("3650");
  await expect(rule.getByRole("status")).toHaveText("0 record(s) would go today.");
  await rule.getByRole("button", { name: "Turn on" }).click();
  await expect(rule).toContainText("On");
  page.once("dialog", (d) => void d.accept());
  await rule.getByRole("button", { name: "Run now" }).click();
  await expect(page.getByText("0 record(s) done")).toBeVisible();
  await expect(rule.getByRole("status")).toContainText("Last run");
  await rule.getByRole("button", { name: "Remove" }).click();
  await expect(rule).toContainText("No rule");
});
