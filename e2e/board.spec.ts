import { expect, test, type Locator, type Page } from "@playwright/test";
import { demo, signIn } from "./support";

async function drag(page: Page, card: Locator, target: Locator) {
  const from = (await card.boundingBox())!;
  const to = (await target.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height / 2 + 10, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + 60, { steps: 15 });
  await page.mouse.up();
}

test("dragging a deal to another stage moves it, updates the totals, is kept, and moves on a colleague's board live", async ({ page, browser }) => {
  // Olivia watches the board in her own browser.
  const olivia = await (await browser.newContext()).newPage();
  await signIn(olivia, demo.owner.email);
  await olivia.goto("/deals/board");
  await expect(olivia.getByTestId("stage-Lead in").getByText("Acme fleet tracking rollout")).toBeVisible();

  await signIn(page, demo.member.email);
  await page.getByRole("link", { name: "Board", exact: true }).click();
  await expect(page).toHaveURL(/\/deals\/board$/);
  const lead = page.getByTestId("stage-Lead in");
  const qualified = page.getByTestId("stage-Qualified");
  const card = lead.getByRole("listitem").filter({ hasText: "Acme fleet tracking rollout" });
  await expect(card).toBeVisible();
  await expect(qualified.getByTestId("stage-total")).toHaveText("$120,000");

  await drag(page, card, qualified);
  await expect(qualified.getByText("Acme fleet tracking rollout")).toBeVisible();
  await expect(lead.getByText("Acme fleet tracking rollout")).toHaveCount(0);
  await expect(qualified.getByTestId("stage-total")).toHaveText("$168,000");
  // Without reloading, the card moves on Olivia's board too.
  await expect(olivia.getByTestId("stage-Qualified").getByText("Acme fleet tracking rollout")).toBeVisible({ timeout: 5_000 });
  await expect(olivia.getByTestId("stage-Qualified").getByTestId("stage-total")).toHaveText("$168,000");
  await olivia.context().close();

  await page.reload();
  await expect(page.getByTestId("stage-Qualified").getByText("Acme fleet tracking rollout")).toBeVisible();
  // The same domain operation as everywhere: the move is in the deal's timeline.
  await page.getByRole("link", { name: "Acme fleet tracking rollout" }).click();
  await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Sam Rivera moved it from Lead in to Qualified", { timeout: 15_000 });
});

test("a viewer sees the board but cannot drag", async ({ page }) => {
  await signIn(page, demo.viewer.email);
  await page.goto("/deals/board");
  const won = page.getByTestId("stage-Won");
  const card = won.getByRole("listitem").filter({ hasText: "Globex support renewal" });
  await drag(page, card, page.getByTestId("stage-Lost"));
  await page.waitForTimeout(300);
  await expect(won.getByText("Globex support renewal")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("stage-Won").getByText("Globex support renewal")).toBeVisible();
});
