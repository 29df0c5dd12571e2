import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("a task added on a deal for a colleague shows in their tasks and notifications, and completing it shows in the timeline", async ({ page, browser }) => {
  await signIn(page, demo.owner.email);
  await page.getByRole("link", { name: "Stark plant analytics" }).last().click();
  await page.getByLabel("New task").fill("Book the site visit");
  await page.getByLabel("Assignee").selectOption({ label: demo.member.name });
  await page.getByLabel("Priority").selectOption("high");
  await page.getByRole("button", { name: "Add task" }).click();
  const tasks = page.getByRole("list", { name: "Tasks" });
  await expect(tasks).toContainText("Book the site visit");
  await expect(tasks).toContainText(demo.member.name);
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("added the task “Book the site visit”");

  const context = await browser.newContext();
  const sam = await context.newPage();
  await signIn(sam, demo.member.email);
  await sam.getByRole("link", { name: "Tasks" }).click();
  const mine = sam.getByRole("list", { name: "Your tasks" });
  await expect(mine).toContainText("Book the site visit");
  await sam.getByRole("link", { name: /Notifications/ }).click();
  await expect(sam.getByText("Olivia Hart assigned you “Book the site visit”")).toBeVisible({ timeout: 15_000 });
  await sam.getByRole("link", { name: "Tasks" }).click();
  await sam.getByRole("checkbox", { name: "Done: Book the site visit" }).click();
  await expect(sam.getByRole("list", { name: "Your tasks" })).toHaveCount(0);
  await context.close();

  await page.reload();
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Sam Rivera completed the task “Book the site visit”");
});
