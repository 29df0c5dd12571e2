import { expect, test, type Page } from "@playwright/test";
import { demo, signIn, twoPeople } from "./support";

const DEAL = /Acme warehouse sensors/;

async function openDeal(page: Page) {
  await page.getByRole("link", { name: DEAL }).last().click();
  await expect(page).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("collab-status")).toHaveText("Live");
}

test("two people edit one deal's fields at once: each sees who is where, both edits and one merged title", async ({ browser }) => {
  const { a, b, close } = await twoPeople(browser);
  await openDeal(a);
  await openDeal(b);
  await expect(a.getByRole("list", { name: "People on this deal" })).toContainText(demo.member.name);

  const titleA = a.getByLabel("Title", { exact: true });
  const titleB = b.getByLabel("Title", { exact: true });
  const original = await titleA.inputValue();

  // Olivia's cursor in the title shows on Sam's screen, outlined and named.
  await titleA.click();
  await expect(b.locator('[data-field="title"]')).toHaveAttribute("data-editing", demo.owner.name);

  // Both type into the one title: Olivia at the end, Sam at the start; both keep their words.
  await titleA.press("End");
  await titleA.pressSequentially(" phase 2");
  await titleB.click();
  await titleB.press("Home");
  await titleB.pressSequentially("EU ");
  const merged = `EU ${original} phase 2`;
  await expect(titleA).toHaveValue(merged);
  await expect(titleB).toHaveValue(merged);

  // Different fields at once: both survive.
  await a.getByLabel("Expected close", { exact: true }).fill("2027-06-30");
  await a.getByLabel("Expected close", { exact: true }).press("Enter");
  await b.getByLabel("Amount", { exact: true }).fill("42000");
  await b.getByLabel("Amount", { exact: true }).press("Enter");
  await expect(a.getByLabel("Amount", { exact: true })).toHaveValue("42000");
  await expect(b.getByLabel("Expected close", { exact: true })).toHaveValue("2027-06-30");

  // Sam overwrites Olivia's amount: Olivia is told, and can put hers back.
  await a.getByLabel("Amount", { exact: true }).fill("50000");
  await a.getByLabel("Amount", { exact: true }).press("Enter");
  await expect(b.getByLabel("Amount", { exact: true })).toHaveValue("50000");
  await b.getByLabel("Amount", { exact: true }).fill("60000");
  await b.getByLabel("Amount", { exact: true }).press("Enter");
  const notice = a.locator('[data-field="amount"]').getByRole("status");
  await expect(notice).toContainText(`${demo.member.name} changed this from your 50,000 to 60,000.`);
  await notice.getByRole("button", { name: "Undo" }).click();
  await expect(b.getByLabel("Amount", { exact: true })).toHaveValue("50000");

  // The record itself has them: the heading, the timeline, and after a reload.
  await expect(a.getByRole("heading", { name: merged })).toBeVisible({ timeout: 5_000 });
  await expect(a.getByRole("list", { name: "Timeline" })).toContainText(`${demo.member.name} changed`, { timeout: 10_000 });
  await a.reload();
  await expect(a.getByTestId("collab-status")).toHaveText("Live");
  await expect(a.getByLabel("Title", { exact: true })).toHaveValue(merged);
  await expect(a.getByLabel("Amount", { exact: true })).toHaveValue("50000");
  await expect(a.getByText(/^\$50,000 ·/)).toBeVisible();
  await close();
});

test("a value typed live that the record refuses is explained, taken back, and never saved", async ({ page }) => {
  await signIn(page, demo.member.email);
  await openDeal(page);
  const currency = page.getByLabel("Currency", { exact: true });
  await expect(currency).toHaveValue("USD");
  await currency.fill("DOLLARS");
  await currency.press("Enter");
  await expect(page.locator('[data-field="currency"]').getByRole("alert")).toHaveText("Use a three-letter currency code like USD.");
  await expect(currency).toHaveValue("USD");
  await page.reload();
  await expect(page.getByLabel("Currency", { exact: true })).toHaveValue("USD");
});

test("a viewer sees the fields live but cannot change them", async ({ page }) => {
  await signIn(page, demo.viewer.email);
  await openDeal(page);
  await expect(page.getByLabel("Title", { exact: true })).toBeDisabled();
  await expect(page.getByLabel("Amount", { exact: true })).toBeDisabled();
});

test("a record's history shows who changed what, and restoring a version is a new change everyone sees", async ({ browser }) => {
  const { a, b, close } = await twoPeople(browser);
  for (const page of [a, b]) {
    await page.goto("/leads");
    await page.getByRole("link", { name: "Hana Kobayashi" }).last().click();
    await expect(page.getByTestId("collab-status")).toHaveText("Live");
  }
  const jobTitle = a.getByLabel("Job title", { exact: true });
  const before = await jobTitle.inputValue();
  await jobTitle.fill("Head of Procurement");
  await a.getByLabel("Source", { exact: true }).selectOption({ label: "Partner" });
  await expect(b.getByLabel("Job title", { exact: true })).toHaveValue("Head of Procurement");
  await expect(b.getByLabel("Source", { exact: true })).toHaveValue("partner");

  await b.getByRole("button", { name: "History" }).click();
  const dialog = b.getByRole("dialog", { name: "History of this lead" });
  // The versions, newest first (each lists its changes in a list of its own).
  const versions = dialog.getByRole("list", { name: "Versions" }).locator(":scope > li");
  await expect(versions.first()).toContainText(demo.owner.name);
  await expect(versions.first()).toContainText("Job title");
  await expect(versions.first()).toContainText("Source: Website → Partner");

  // Back to the version before Olivia's edits, and restore it.
  await versions.nth(1).getByRole("button").click();
  await expect(dialog.getByRole("definition").filter({ hasText: "Website" })).toBeVisible();
  await dialog.getByRole("button", { name: "Restore this version" }).click();
  await expect(a.getByLabel("Source", { exact: true })).toHaveValue("website");
  await expect(a.getByLabel("Job title", { exact: true })).toHaveValue(before);
  await b.keyboard.press("Escape");

  // The restore is Sam's change, in the history like any other.
  await b.getByRole("button", { name: "History" }).click();
  await expect(versions.first()).toContainText(demo.member.name);
  await expect(versions.first()).toContainText("Source: Partner → Website");
  await close();
});

test("a task is a live record too: assigned, opened by both, edited at once, discussed, done", async ({ browser }) => {
  const { a, b, close } = await twoPeople(browser);
  const title = `Prepare the QBR deck ${Date.now()}`;
  await a.goto("/tasks");
  await a.getByLabel("New task").fill(title);
  await a.getByLabel("Assignee").selectOption({ label: demo.member.name });
  await a.getByRole("button", { name: "Add task" }).click();
  await expect(a.getByText("Task added")).toBeVisible();
  await a.getByLabel("Whose tasks").selectOption("anyone");
  await a.getByRole("link", { name: title }).click();
  await expect(a).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
  await expect(a.getByTestId("collab-status")).toHaveText("Live");

  // Sam finds it among his tasks and opens it: each sees the other there.
  await b.goto("/tasks");
  await b.getByRole("link", { name: title }).click();
  await expect(b.getByTestId("collab-status")).toHaveText("Live");
  await expect(a.getByRole("list", { name: "People on this task" })).toContainText(demo.member.name);

  // Olivia writes the notes while Sam reschedules and raises the priority.
  const notes = a.getByLabel("Notes", { exact: true });
  await notes.click();
  await expect(b.locator('[data-field="notes"]')).toHaveAttribute("data-editing", demo.owner.name);
  await notes.pressSequentially("Numbers from finance first.");
  await b.getByLabel("Due", { exact: true }).fill("2027-01-15T10:00");
  await b.getByLabel("Due", { exact: true }).press("Enter");
  await b.getByLabel("Priority", { exact: true }).selectOption("urgent");
  await expect(b.getByLabel("Notes", { exact: true })).toHaveValue("Numbers from finance first.");
  await expect(a.getByLabel("Due", { exact: true })).toHaveValue("2027-01-15T10:00");
  await expect(a.getByLabel("Priority", { exact: true })).toHaveValue("urgent");

  // Sam asks something in the task's comments: it shows on Olivia's page without a reload.
  const box = b.getByPlaceholder("Write a comment… (@ to mention someone)");
  await box.fill("Do we include the Q4 pipeline?");
  await b.getByRole("button", { name: "Comment", exact: true }).click();
  await expect(a.getByRole("list", { name: "Comment threads" })).toContainText("Do we include the Q4 pipeline?", { timeout: 5_000 });

  // Sam marks it done: Olivia's page says so once the row has it, and his open list drops it.
  await b.getByLabel("Status", { exact: true }).selectOption("done");
  await expect(a.getByText(/^Done \d/)).toBeVisible({ timeout: 5_000 });
  await b.goto("/tasks");
  await expect(b.getByText("Loading…")).toHaveCount(0);
  await expect(b.getByRole("link", { name: title })).toHaveCount(0);
  await b.getByLabel("Which tasks").selectOption("done");
  await expect(b.getByRole("link", { name: title })).toBeVisible();
  await close();
});
