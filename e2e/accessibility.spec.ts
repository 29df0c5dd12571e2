import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { demo, signIn } from "./support";

/** WCAG 2.1 A and AA rules, checked by axe on the page as a person sees it. */
async function violations(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

test("the sign-in page has no WCAG A/AA violations", async ({ page }) => {
  await page.goto("/sign-in");
  expect(await violations(page)).toEqual([]);
});

for (const theme of ["light", "dark"] as const) {
  test(`the deal list, a deal page and the board have no WCAG A/AA violations (${theme})`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme: theme });
    const page = await context.newPage();
    await signIn(page, demo.owner.email);
    await expect(page.getByRole("table")).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await page.getByRole("link", { name: "Acme fleet tracking rollout" }).last().click();
    await expect(page.getByTestId("collab-status")).toHaveText("Live");
    expect(await violations(page)).toEqual([]);
    await page.goto("/deals/board");
    await expect(page.getByTestId("stage-Won")).toBeVisible();
    expect(await violations(page)).toEqual([]);
    await context.close();
  });
}

test("company and contact pages, with their longer forms, have no WCAG A/AA violations", async ({ page }) => {
  await signIn(page, demo.owner.email);
  await page.goto("/companies");
  await page.getByRole("link", { name: "Globex" }).last().click();
  await expect(page.getByLabel("Street")).toBeVisible();
  expect(await violations(page)).toEqual([]);
  await page.getByRole("link", { name: "Ben Okafor" }).click();
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("ben@globex.io");
  expect(await violations(page)).toEqual([]);
});
