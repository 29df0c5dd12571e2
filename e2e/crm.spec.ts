import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("a member creates a contact at a company and opens it", async ({ page }) => {
  await signIn(page, demo.member.email);
  await page.getByRole("link", { name: "Contacts" }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await page.getByRole("button", { name: "New contact" }).click();
  const dialog = page.getByRole("dialog", { name: "New contact" });
  await dialog.getByRole("button", { name: "Create contact" }).click();
  await expect(dialog.getByText("First name is required.")).toBeVisible();

  await dialog.getByLabel("First name").fill("Priya");
  await dialog.getByLabel("Last name").fill("Shah");
  await dialog.getByLabel("Email", { exact: true }).fill("priya@globex.io");
  await dialog.getByRole("button", { name: "Add email" }).click();
  await dialog.getByLabel("Email 2", { exact: true }).fill("priya.shah@home.example");
  await dialog.getByLabel("Kind of email 2").selectOption("personal");
  await dialog.getByLabel("Company").selectOption({ label: "Globex" });
  await dialog.getByRole("button", { name: "Create contact" }).click();

  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Priya Shah" })).toBeVisible();
  await expect(page.getByLabel("Email 2", { exact: true })).toHaveValue("priya.shah@home.example");
  await page.getByRole("link", { name: "Contacts", exact: true }).first().click();
  await expect(page.getByRole("link", { name: "Priya Shah" }).last()).toBeVisible();
});

test("a deal moved to another stage shows in its timeline", async ({ page }) => {
  await signIn(page, demo.member.email);
  await page.getByRole("link", { name: "Initech finance suite" }).last().click();
  await page.getByRole("navigation", { name: "Stage" }).getByRole("button", { name: "Negotiation" }).click();
  await expect(page.getByRole("navigation", { name: "Stage" }).getByRole("button", { name: "Negotiation" })).toHaveAttribute("aria-pressed", "true");
  // Written by the worker, from the job the move enqueued.
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Sam Rivera moved it from Proposal to Negotiation", { timeout: 15_000 });
});

test("a deal's amount edited live after moving its stage keeps the new stage", async ({ page }) => {
  await signIn(page, demo.member.email);
  await page.getByRole("link", { name: "Umbrella clinics pilot" }).last().click();
  await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
  await expect(page.getByLabel("Amount", { exact: true })).toHaveValue("18000");
  const stageBar = page.getByRole("navigation", { name: "Stage" });
  await stageBar.getByRole("button", { name: "Proposal" }).click();
  await expect(stageBar.getByRole("button", { name: "Proposal" })).toHaveAttribute("aria-pressed", "true");

  // The stage field follows the move made through the stage bar.
  await expect(page.getByRole("combobox", { name: "Stage" })).toHaveValue(/.+/);
  await page.getByLabel("Amount", { exact: true }).fill("21500");
  await page.getByLabel("Amount", { exact: true }).press("Tab");
  // Saved without a button: the row has it within a moment, and the heading shows it.
  await expect(page.getByText("$21,500 · Umbrella Health")).toBeVisible({ timeout: 5_000 });
  await page.reload();
  await expect(page.getByLabel("Amount", { exact: true })).toHaveValue("21500");
  await expect(stageBar.getByRole("button", { name: "Proposal" })).toHaveAttribute("aria-pressed", "true");
});

test("a deleted company goes to the trash and comes back with its people", async ({ page }) => {
  await signIn(page, demo.member.email);
  await page.getByRole("link", { name: "Companies" }).click();
  await page.getByRole("link", { name: "Initech", exact: true }).last().click();
  await expect(page.getByRole("heading", { name: "Initech" })).toBeVisible();
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(page).toHaveURL(/\/companies$/);
  await expect(page.getByRole("link", { name: "Initech", exact: true })).toHaveCount(0);

  await page.getByRole("link", { name: "Trash" }).click();
  const trash = page.getByRole("list", { name: "Trash" });
  await expect(trash).toContainText("Initech");
  await expect(trash).toContainText("deleted");
  await expect(trash).toContainText("by Sam Rivera");
  // Members restore; only owners and admins delete for good.
  await expect(page.getByRole("button", { name: "Delete forever" })).toHaveCount(0);
  await trash.getByRole("listitem").filter({ hasText: "Initech" }).getByRole("button", { name: "Restore" }).click();
  await expect(page.getByText("The trash is empty.")).toBeVisible();

  await page.getByRole("link", { name: "Companies" }).click();
  await page.getByRole("link", { name: "Initech", exact: true }).last().click();
  await expect(page.getByRole("link", { name: "Cleo Nakamura" })).toBeVisible();
});

test("a call logged on a contact appears at the top of their timeline", async ({ page }) => {
  await signIn(page, demo.member.email);
  await page.getByRole("link", { name: "Contacts" }).click();
  await page.getByRole("link", { name: "Dev Patel" }).last().click();
  await expect(page.getByRole("heading", { name: "Dev Patel" })).toBeVisible();
  await page.getByRole("radio", { name: "Call" }).click();
  await page.getByLabel("Subject").fill("Pricing call");
  await page.getByLabel("What happened").fill("Wants a pilot for two clinics.\nSend the proposal Friday.");
  await page.getByRole("button", { name: "Log call" }).click();
  const timeline = page.getByRole("list", { name: "Timeline" });
  await expect(timeline.getByRole("listitem").first()).toContainText("Sam Rivera logged a call");
  await expect(timeline.getByRole("listitem").first()).toContainText("Pricing call");
  await expect(timeline.getByRole("listitem").first()).toContainText("Send the proposal Friday.");
  await expect(page.getByLabel("Subject")).toHaveValue("");
});

test("the contact list exports what it shows as CSV", async ({ page }) => {
  await signIn(page, demo.owner.email);
  await page.getByRole("link", { name: "Contacts" }).click();
  await page.getByLabel("Search contacts").fill("okafor");
  await expect(page.getByText("1 contact", { exact: true })).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = await (await import("node:fs/promises")).readFile((await download.path())!, "utf8");
  const lines = text.replace(/^\uFEFF/, "").trim().split("\n");
  // The view's columns, in its order.
  expect(lines[0]).toBe("Name,Email,Job title,Company,Lifecycle stage,Owner");
  expect(lines.slice(1)).toEqual(["Ben Okafor,ben@globex.io,CTO,Globex,Opportunity,Olivia Hart"]);
});

test("winning a deal from the stage bar asks why, and the reason shows in its timeline", async ({ page }) => {
  await signIn(page, demo.member.email);
  await page.getByRole("link", { name: "Globex platform licence" }).last().click();
  page.once("dialog", (d) => void d.accept("Signed after the security review"));
  await page.getByRole("navigation", { name: "Stage" }).getByRole("button", { name: "Won" }).click();
  await expect(page.getByRole("navigation", { name: "Stage" }).getByRole("button", { name: "Won" })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByText("100% likely")).toBeVisible();
  await expect(page.getByLabel("Won / lost reason")).toHaveValue("Signed after the security review");
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("(Signed after the security review)", { timeout: 15_000 });
});

test("people are put on a deal with their roles", async ({ page }) => {
  await signIn(page, demo.member.email);
  await page.getByRole("link", { name: "Stark plant analytics" }).last().click();
  await page.getByLabel("Person").selectOption({ label: "Eva Lindqvist" });
  await page.getByLabel("Role", { exact: true }).selectOption({ label: "Champion" });
  await page.getByRole("button", { name: "Add", exact: true }).click();
  const people = page.getByRole("list", { name: "People on this deal (roles)" });
  await expect(people).toContainText("Eva Lindqvist");
  await expect(people).toContainText("Champion");
  await page.reload();
  await expect(page.getByRole("list", { name: "People on this deal (roles)" })).toContainText("Champion");
});
