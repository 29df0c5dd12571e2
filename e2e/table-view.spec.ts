import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("a table view filters, sorts, edits cells in place, and is saved for the workspace", async ({ page }) => {
  await signIn(page, demo.owner.email);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Contacts" }).click();
  const table = page.getByRole("table", { name: "Contacts" });
  await expect(table.getByRole("columnheader", { name: "Name" })).toBeVisible();
  const everyone = page.getByText(/^\d+ contacts/);
  const allCount = (await everyone.innerText()).split(" ")[0]!;

  // Filter: company contains "stark" OR company contains "initech".
  await page.getByRole("button", { name: "Filter" }).click();
  const dialog = page.getByRole("dialog", { name: "Filter contacts" });
  await dialog.getByLabel("Records match").selectOption({ label: "any of these (OR)" });
  for (const [i, company] of ["stark", "initech"].entries()) {
    await dialog.getByRole("button", { name: "Add condition" }).click();
    await dialog.getByLabel(`Condition ${i + 1}: field`).selectOption({ label: "Company" });
    await dialog.getByLabel(`Condition ${i + 1}: operator`).selectOption({ label: "contains" });
    await dialog.getByLabel(`Condition ${i + 1}: value`).fill(company);
  }
  await dialog.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("2 contacts", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Filter (2)" })).toBeVisible();

  // Sort: the Name header turns the order around.
  const firstName = table.locator("tbody tr").filter({ has: page.getByRole("link") }).first();
  await expect(firstName).toContainText("Cleo Nakamura");
  await table.getByRole("button", { name: "Name" }).click();
  await expect(table.getByRole("columnheader", { name: "Name" })).toHaveAttribute("aria-sort", "descending");
  await expect(firstName).toContainText("Eva Lindqvist");

  // Edit a cell in place: Enter saves, and the value is the record's.
  await table.getByRole("button", { name: "Edit Job title of Eva Lindqvist" }).click();
  const editor = table.getByLabel("Job title of Eva Lindqvist");
  await editor.fill("Chief Operating Officer");
  await editor.press("Enter");
  await expect(page.getByText("Job title saved")).toBeVisible();
  await expect(table.getByRole("button", { name: "Edit Job title of Eva Lindqvist" })).toHaveText("Chief Operating Officer");
  // A value the record refuses is explained, and the cell keeps its value.
  await table.getByRole("button", { name: "Edit Email of Eva Lindqvist" }).click();
  await table.getByLabel("Email of Eva Lindqvist").fill("not an email");
  await table.getByLabel("Email of Eva Lindqvist").press("Enter");
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(table.getByRole("button", { name: "Edit Email of Eva Lindqvist" })).toHaveText("eva@stark-mfg.com");

  // Save it as a shared view: it comes back with its filter and sort from its address.
  await page.getByRole("button", { name: "Save as new view" }).click();
  const save = page.getByRole("dialog", { name: "Save view" });
  await save.getByLabel("View name").fill("Stark and Initech");
  await save.getByLabel("Share with the workspace").check();
  await save.getByRole("button", { name: "Save view" }).click();
  await expect(page).toHaveURL(/\?view=[0-9a-f-]{36}$/);
  await expect(page.getByLabel("View", { exact: true })).toHaveValue(/[0-9a-f-]{36}/);
  const url = page.url();

  await page.getByLabel("View", { exact: true }).selectOption({ label: "All contacts" });
  await expect(page.getByText(`${allCount} contacts`, { exact: true })).toBeVisible();
  await page.goto(url);
  await expect(page.getByText("2 contacts", { exact: true })).toBeVisible();
  await expect(firstName).toContainText("Eva Lindqvist");

  // A colleague finds it in the list of views.
  await page.context().clearCookies();
  await signIn(page, demo.member.email);
  await page.goto("/contacts");
  await page.getByLabel("View", { exact: true }).selectOption({ label: "Stark and Initech (shared)" });
  await expect(page.getByText("2 contacts", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: /Delete view/ })).toHaveCount(0);
});

test("deals group by stage, columns are chosen and resized, and the CSV export follows the view", async ({ page }) => {
  await signIn(page, demo.owner.email);
  const table = page.getByRole("table", { name: "Deals" });
  const total = Number((await page.getByText(/^\d+ deals/).innerText()).split(" ")[0]);
  await page.getByLabel("Group by").selectOption({ label: "Stage" });
  // Each stage heads its deals, with how many there are.
  const proposal = table.getByRole("columnheader", { name: /^Proposal\d+$/ });
  await expect(proposal).toBeVisible();
  const inProposal = await table.getByRole("button", { name: /^Edit Stage of/ }).filter({ hasText: /^Proposal$/ }).count();
  await expect(proposal).toHaveText(`Proposal${inProposal}`);

  await page.getByRole("button", { name: "Columns" }).click();
  const columns = page.getByRole("dialog", { name: "Columns" });
  // Checking a hidden column moves it to the shown ones, at the end.
  await columns.getByRole("region", { name: "Hidden columns" }).getByLabel("Probability").click();
  await expect(columns.getByRole("region", { name: "Shown columns" }).getByRole("checkbox", { name: "Probability" })).toBeChecked();
  await columns.getByRole("button", { name: "Move Probability up" }).click();
  await page.keyboard.press("Escape");
  await expect(table.getByRole("columnheader", { name: "Probability" })).toBeVisible();
  const names = await table.locator("thead th").allInnerTexts();
  expect(names.map((n) => n.trim().toLowerCase()).slice(-3)).toEqual(["expected close", "probability", "owner"]);

  const handle = table.getByRole("separator", { name: "Resize Title column" });
  const before = Number(await handle.getAttribute("aria-valuenow"));
  await handle.focus();
  await handle.press("ArrowRight");
  await handle.press("ArrowRight");
  await expect(handle).toHaveAttribute("aria-valuenow", String(before + 40));

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  const text = await (await import("node:fs/promises")).readFile((await download.path())!, "utf8");
  const lines = text.replace(/^\uFEFF/, "").trim().split("\n");
  expect(lines[0]).toBe("Title,Amount,Stage,Company,Expected close,Probability,Owner");
  // Grouped by stage: the export keeps the filter and sort, not the grouping headers.
  expect(lines).toHaveLength(total + 1);
});
