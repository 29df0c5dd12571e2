import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("a messy CSV file is mapped, checked row by row, imported with a live progress bar, reported and undone", async ({ page }) => {
  await signIn(page, demo.owner.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Contacts" }).click();
  // The deals list has an Import link too: wait until the contacts list is the page.
  await expect(page).toHaveURL(/\/contacts$/);
  await page.getByRole("link", { name: "Import" }).click();
  await expect(page.getByRole("heading", { name: "Import contacts" })).toBeVisible();

  await page.getByLabel("CSV file").setInputFiles({
    name: "trade-show.csv",
    mimeType: "text/csv",
    buffer: await readFile(new URL("../tests/fixtures/contacts-messy.csv", import.meta.url)),
  });
  const mapping = page.getByRole("table", { name: "Column mapping" });
  await expect(mapping.getByLabel("Field for “E-mail”")).toHaveValue("email");
  await expect(mapping.getByLabel("Field for “Lifecycle”")).toHaveValue("lifecycleStage");
  await expect(mapping.getByLabel("Field for “Score”")).toHaveValue("");
  await expect(page.getByText("trade-show.csv: 8 rows, 9 columns.")).toBeVisible();

  await page.getByRole("button", { name: "Check rows" }).click();
  const summary = page.getByRole("list", { name: "Import summary" });
  // No custom fields here: "Last met" and "Score" are not imported, so only three rows have problems.
  await expect(summary).toContainText("5 to create");
  await expect(summary).toContainText("3 with problems");
  const problems = page.getByRole("list", { name: "Rows with problems" });
  await expect(problems).toContainText("Row 5: Column “Lifecycle”: “Hot” is not a lifecycle stage here.");
  await expect(problems).toContainText("Row 6: Column “E-mail”: Enter a valid email address.");

  await page.getByRole("button", { name: "Import 5 rows" }).click();
  const progress = page.getByRole("progressbar", { name: "Import progress" });
  await expect(progress).toBeVisible();
  await expect(page.getByRole("heading", { name: "Import finished" })).toBeVisible({ timeout: 20_000 });
  await expect(progress).toHaveAttribute("aria-valuenow", "8");
  await expect(page.getByText("8 of 8 rows · 5 created · 0 updated · 0 skipped · 3 failed")).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download error report" }).click()]);
  const report = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  expect(report[0]).toBe("Row,Error,First name,Last name,E-mail,Company,Lifecycle,Job title,Last met,Score,Tags");
  expect(report).toHaveLength(4);

  // The people are there (seen from another tab)…
  const list = await page.context().newPage();
  await list.goto("/contacts");
  await list.getByLabel("Search contacts").fill("lindqvist");
  await expect(list.getByRole("table", { name: "Contacts" })).toContainText('Eva "Evie" Lindqvist');
  await list.close();

  // …until the import is undone.
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Undo import" }).click();
  await expect(page.getByRole("heading", { name: "Import undone" })).toBeVisible();
  await page.getByRole("link", { name: "See contacts" }).click();
  await page.getByLabel("Search contacts").fill("evie");
  await expect(page.getByText("No contacts match this view.")).toBeVisible();
});
