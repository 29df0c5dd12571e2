import { expect, test, type Page } from "@playwright/test";
import { demo, signIn, twoPeople } from "./support";

async function openDeal(page: Page, title: string) {
  await page.getByRole("link", { name: title }).last().click();
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByTestId("collab-status")).toHaveText("Live");
}

test("two people type into the same deal note and see each other's text and cursor", async ({ browser }) => {
  const { a, b, close } = await twoPeople(browser);
  await openDeal(a, "Stark plant analytics");
  await openDeal(b, "Stark plant analytics");

  // Each sees the other among the people on this deal.
  await expect(a.getByRole("list", { name: "People on this deal" })).toContainText(demo.member.name);
  await expect(b.getByRole("list", { name: "People on this deal" })).toContainText(demo.owner.name);

  await a.getByTestId("deal-note").click();
  await a.keyboard.type("Olivia: budget is approved.");
  await expect(b.getByTestId("deal-note")).toContainText("Olivia: budget is approved.");

  await b.getByTestId("deal-note").click();
  await b.keyboard.press("Control+End");
  await b.keyboard.press("Enter");
  await b.keyboard.type("Sam: sending the contract today.");
  await expect(a.getByTestId("deal-note")).toContainText("Sam: sending the contract today.");
  await expect(b.getByTestId("deal-note")).toContainText("Olivia: budget is approved.");

  // Each sees the other's cursor, labelled with their name.
  await expect(a.locator(".collaboration-carets__label", { hasText: demo.member.name })).toBeVisible();
  await expect(b.locator(".collaboration-carets__label", { hasText: demo.owner.name })).toBeVisible();

  // And the note is stored: a reload shows both lines.
  await a.reload();
  await expect(a.getByTestId("collab-status")).toHaveText("Live");
  await expect(a.getByTestId("deal-note")).toContainText("Olivia: budget is approved.");
  await expect(a.getByTestId("deal-note")).toContainText("Sam: sending the contract today.");
  await close();
});

test("a viewer sees the note but cannot type into it", async ({ page }) => {
  await signIn(page, demo.viewer.email);
  await openDeal(page, "Umbrella clinics pilot");
  await expect(page.getByText("View only")).toBeVisible();
  await expect(page.getByTestId("deal-note")).toHaveAttribute("contenteditable", "false");
});
