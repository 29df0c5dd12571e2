import { expect, test } from "@playwright/test";
import { demo, signIn } from "./support";

const payload = `<img src=x onerror="window.__owned='comment'"><script>window.__owned='script'</script>`;

test("markup typed into a comment or a note is shown as text and never runs", async ({ page }) => {
  await signIn(page, demo.owner.email);
  await page.getByRole("link", { name: "Acme fleet tracking rollout" }).last().click();
  const box = page.getByPlaceholder("Write a comment… (@ to mention someone)");
  await box.click();
  await box.pressSequentially(payload);
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  const threads = page.getByRole("list", { name: "Comment threads" });
  await expect(threads).toContainText(`<img src=x onerror="window.__owned='comment'">`);
  // Pasted HTML into the note: the editor keeps only what its schema knows (no script, no handlers).
  await expect(page.getByTestId("collab-status")).toHaveText("Live");
  const note = page.getByTestId("deal-note");
  await note.click();
  await page.evaluate((html) => {
    const data = new DataTransfer();
    data.setData("text/html", html);
    document.activeElement?.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, `<p>pasted <b>bold</b></p><img src=x onerror="window.__owned='note'"><script>window.__owned='note-script'</script>`);
  await expect(note).toContainText("pasted bold");
  await page.reload();
  await expect(threads).toContainText("<script>");
  expect(await page.evaluate(() => (window as unknown as { __owned?: string }).__owned ?? null)).toBeNull();
  expect(await page.locator("[onerror]").count()).toBe(0);
});
