import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test("Ctrl+K searches everything, forgives typos, and opens a result from the keyboard", async ({ page }) => {
  await signIn(page, demo.member.email);
  await page.keyboard.press("Control+k");
  const box = page.getByPlaceholder("Search companies, contacts, deals and leads…");
  await expect(box).toBeFocused();

  await box.fill("stark");
  const options = page.getByRole("option");
  await expect(options.filter({ hasText: "Stark Manufacturing" })).toBeVisible();
  await expect(options.filter({ hasText: "Stark plant analytics" })).toBeVisible();
  const a11y = await new AxeBuilder({ page }).include("[cmdk-root]").withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(a11y.violations.map((v) => v.id)).toEqual([]);

  // The first result is selected; arrow down to the deal, Enter to open it.
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  const deal = options.filter({ hasText: "Stark plant analytics" });
  for (let i = 0; i < 5 && (await deal.getAttribute("aria-selected")) !== "true"; i++) await page.keyboard.press("ArrowDown");
  await expect(deal).toHaveAttribute("aria-selected", "true");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "Stark plant analytics" })).toBeVisible();

  await page.keyboard.press("Control+k");
  await box.fill("globx");
  await expect(options.first()).toContainText("Globex");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/companies\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "Globex" })).toBeVisible();

  await page.keyboard.press("Control+k");
  await box.fill("zzqqxx");
  await expect(page.getByText("Nothing matches “zzqqxx”.")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(box).toBeHidden();
});
