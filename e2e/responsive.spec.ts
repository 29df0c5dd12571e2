import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

test.describe("on a 360 px phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("the deal list shows as cards and the navigation collapses into a menu", async ({ page }) => {
    await signIn(page, demo.owner.email);
    const cards = page.getByRole("list", { name: "Deals" });
    await expect(cards).toBeVisible();
    await expect(cards.getByText("Globex platform licence")).toBeVisible();
    await expect(page.getByRole("table")).toBeHidden();
    // Nothing spills sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    await page.getByRole("button", { name: "Open navigation" }).click();
    const menu = page.getByRole("dialog");
    await menu.getByRole("link", { name: "Companies" }).click();
    await expect(page).toHaveURL(/\/companies$/);
    await expect(page.getByRole("dialog")).toBeHidden();
  });

  test("a deal page reads and works on the phone: fields, stage bar, people, timeline", async ({ page }) => {
    await signIn(page, demo.member.email);
    await page.getByRole("list", { name: "Deals" }).getByText("Initech finance suite").click();
    await expect(page.getByRole("heading", { name: "Initech finance suite" })).toBeVisible();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    // The stage bar scrolls inside itself and still moves the deal.
    const stages = page.getByRole("navigation", { name: "Stage" });
    // Another stage than the one it is in (earlier tests move this deal).
    const target = (await stages.getByRole("button", { name: "Qualified" }).getAttribute("aria-pressed")) === "true" ? "Lead in" : "Qualified";
    await stages.getByRole("button", { name: target }).click();
    await expect(stages.getByRole("button", { name: target })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("list", { name: "Timeline" })).toContainText(`to ${target}`, { timeout: 15_000 });
    expect(await overflow()).toBeLessThanOrEqual(0);
    // Editing a field from the phone.
    await page.getByLabel("Expected close", { exact: true }).fill("2027-03-31");
    await page.getByLabel("Expected close", { exact: true }).press("Enter");
    await expect(page.getByRole("list", { name: "Timeline" })).toContainText("Expected close", { timeout: 10_000 });
    await page.reload();
    await expect(page.getByLabel("Expected close", { exact: true })).toHaveValue("2027-03-31");
  });
});

test("the theme follows the system until toggled, and the choice is kept", async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: "light" });
  const page = await context.newPage();
  await signIn(page, demo.owner.email);
  const html = page.locator("html");
  await expect(html).not.toHaveClass(/dark/);
  await page.getByRole("button", { name: "Switch to dark theme" }).click();
  await expect(html).toHaveClass(/dark/);
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).not.toBe("rgb(255, 255, 255)");
  await page.reload();
  await expect(html).toHaveClass(/dark/);
  await page.getByRole("button", { name: "Switch to light theme" }).click();
  await expect(html).not.toHaveClass(/dark/);
  await context.close();

  const darkSystem = await browser.newContext({ colorScheme: "dark" });
  const p2 = await darkSystem.newPage();
  await p2.goto("/sign-in");
  await expect(p2.locator("html")).toHaveClass(/dark/);
  await darkSystem.close();
});
