import { expect, test } from "@playwright/test";
import { demo, twoPeople } from "./support";

test("a proposal is written together, a version named, compared with what changed since, and restored", async ({ browser }) => {
  const { a, b, close } = await twoPeople(browser);

  await a.getByRole("link", { name: "Stark plant analytics" }).last().click();
  await a.getByLabel("New document title").fill("Stark analytics proposal");
  await a.getByRole("button", { name: "Start document" }).click();
  await expect(a.getByRole("heading", { name: "Stark analytics proposal" })).toBeVisible();
  await expect(a.getByTestId("collab-status")).toHaveText("Live");
  const url = a.url();

  // Sam opens it from the deal; both type, each sees the other.
  await b.getByRole("link", { name: "Stark plant analytics" }).last().click();
  await b.getByRole("list", { name: "Documents" }).getByRole("link", { name: "Stark analytics proposal" }).click();
  await expect(b).toHaveURL(url);
  await expect(b.getByRole("list", { name: "People on this document" })).toContainText(demo.owner.name);
  await a.getByTestId("document-content").click();
  await a.keyboard.type("Scope: twelve plants.");
  await expect(b.getByTestId("document-content")).toContainText("Scope: twelve plants.");

  await a.getByLabel("Version name").fill("Sent to Stark");
  await a.getByRole("button", { name: "Save version" }).click();
  await expect(a.getByRole("list", { name: "Named versions" })).toContainText("Sent to Stark");
  // Sam's version list shows it at once, without a reload.
  await expect(b.getByRole("list", { name: "Named versions" })).toContainText("Sent to Stark", { timeout: 3_000 });

  await b.getByTestId("document-content").click();
  await b.keyboard.press("Control+End");
  await b.keyboard.press("Enter");
  await b.keyboard.type("Price: 250,000 a year.");
  await expect(a.getByTestId("document-content")).toContainText("Price: 250,000 a year.");

  // What changed since the version, then back to it: a new edit both see.
  const versions = a.getByRole("list", { name: "Named versions" });
  await versions.getByRole("button", { name: "Compare with now" }).click();
  await expect(a.getByRole("region", { name: "Changes since Sent to Stark" })).toContainText("Added: Price: 250,000 a year.");
  await versions.getByRole("button", { name: "Restore" }).click();
  await expect(a.getByTestId("document-content")).not.toContainText("Price: 250,000");
  await expect(b.getByTestId("document-content")).not.toContainText("Price: 250,000");
  await expect(b.getByTestId("document-content")).toContainText("Scope: twelve plants.");
  await close();
});
