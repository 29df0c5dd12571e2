import { expect, test, type Page } from "@playwright/test";
import { demo, twoPeople } from "./support";

async function openCompany(page: Page, name: string) {
  await page.goto("/companies");
  await page.getByRole("link", { name, exact: true }).last().click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
  await expect(page.getByTestId("collab-status")).toHaveText("Live");
}

test("an edit made offline merges with what others did meanwhile when the connection is back", async ({ browser }) => {
  const { sam, a, b, close } = await twoPeople(browser);
  await openCompany(a, "Stark Manufacturing");
  await openCompany(b, "Stark Manufacturing");
  const industryA = a.getByLabel("Industry", { exact: true });
  const industryB = b.getByLabel("Industry", { exact: true });
  const before = await industryB.inputValue();

  // Sam loses the connection, sees it, and keeps working.
  await sam.setOffline(true);
  await expect(b.getByTestId("collab-status")).toHaveText(/^Offline/);
  await industryB.click();
  await industryB.press("End");
  await industryB.pressSequentially(" and robotics");
  await b.getByLabel("Tags", { exact: true }).fill("offline-edit");
  await b.getByLabel("Tags", { exact: true }).press("Enter");

  // Meanwhile Olivia changes other things, and the same text field at its start.
  await a.getByLabel("Size", { exact: true }).selectOption("5001+");
  await industryA.click();
  await industryA.press("Home");
  await industryA.pressSequentially("Heavy ");
  await expect(industryA).toHaveValue(`Heavy ${before}`);

  // Back online: everything merges, nothing is lost, on both screens.
  await sam.setOffline(false);
  await expect(b.getByTestId("collab-status")).toHaveText("Live", { timeout: 20_000 });
  const merged = `Heavy ${before} and robotics`;
  await expect(industryB).toHaveValue(merged);
  await expect(industryA).toHaveValue(merged);
  await expect(b.getByLabel("Size", { exact: true })).toHaveValue("5001+");
  await expect(a.getByRole("list", { name: "Tags of this record" })).toContainText("offline-edit");

  // Stored in the company, with Sam's part attributed to Sam.
  await expect(a.getByRole("list", { name: "Timeline" })).toContainText(`${demo.member.name} changed`, { timeout: 10_000 });
  await a.reload();
  await expect(a.getByLabel("Industry", { exact: true })).toHaveValue(merged);
  await close();
});
