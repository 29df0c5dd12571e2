import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator } from "@playwright/test";
import { twoPeople } from "./support";

const count = async (figure: Locator) => Number((await figure.innerText()).replace(/[^0-9]/g, ""));

test("the dashboard follows the pipeline live: a deal Sam creates and wins shows on Olivia's open dashboard", async ({ browser }) => {
  const { a, b, close } = await twoPeople(browser);
  await a.getByRole("link", { name: "Dashboard" }).click();
  await expect(a).toHaveURL(/\/dashboard$/);
  const won = a.getByTestId("figure-Won this month");
  const openDetail = a.getByText(/^\d+ open deals?$/);
  await expect(won).toBeVisible();
  const wonBefore = await count(won);
  const openBefore = await count(openDetail);
  const qualifiedBefore = await count(a.getByTestId("stage-count-Qualified"));
  const axe = await new AxeBuilder({ page: a }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  // Sam adds a deal in Qualified: Olivia's dashboard counts it without a reload.
  const title = `Dashboard check ${Date.now()}`;
  await b.getByRole("button", { name: "New deal" }).click();
  const dialog = b.getByRole("dialog", { name: "New deal" });
  await dialog.getByLabel("Title").fill(title);
  await dialog.getByLabel("Amount").fill("15000");
  await dialog.getByLabel("Stage").selectOption({ label: "Qualified" });
  await dialog.getByRole("button", { name: "Create deal" }).click();
  await expect(b).toHaveURL(/\/deals\/[0-9a-f-]{36}$/);
  await expect(a.getByText(`${openBefore + 1} open deals`)).toBeVisible({ timeout: 5_000 });
  await expect(a.getByTestId("stage-count-Qualified")).toHaveText(String(qualifiedBefore + 1));

  // He wins it on its page: it leaves the open pipeline and counts as won this month.
  await expect(b.getByTestId("collab-status")).toHaveText("Live");
  await b.getByRole("combobox", { name: "Stage", exact: true }).selectOption({ label: "Won" });
  await expect(won).toHaveText(String(wonBefore + 1), { timeout: 5_000 });
  await expect(a.getByText(`${openBefore} open deal${openBefore === 1 ? "" : "s"}`)).toBeVisible();

  // "My deals" narrows to Olivia's own: Sam's deal is not among them.
  await a.getByRole("button", { name: "My deals" }).click();
  await expect(a.getByRole("button", { name: "My deals" })).toHaveAttribute("aria-pressed", "true");
  expect(await count(won)).toBeLessThan(wonBefore + 1);
  await close();
});
