import { expect, test } from "@playwright/test";
import { generate } from "otplib";
import { demo, signIn, signUpNew } from "./support";

test("a new user signs up, lands in their own empty workspace, signs out and back in", async ({ page }) => {
  const email = `founder-${Date.now()}@example.test`;
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.getByRole("link", { name: "Create a workspace" }).click();

  // A short password is explained before anything is sent.
  await page.getByLabel("Your name").fill("Fran Founder");
  await page.getByLabel("Work email").fill(email);
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Workspace name").fill("Founder Ltd");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Use at least 10 characters for your password.")).toBeVisible();

  await page.getByLabel("Password").fill("a-good-long-password");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page).toHaveURL(/\/deals$/);
  await expect(page.getByText("Founder Ltd").first()).toBeVisible();
  await expect(page.getByText("No deals yet.")).toBeVisible();

  await page.getByRole("button", { name: "Account menu for Fran Founder" }).click();
  await page.getByRole("menuitem", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto("/deals");
  await expect(page).toHaveURL(/\/sign-in/);

  await signIn(page, email, "a-good-long-password");
  await expect(page.getByText("Founder Ltd").first()).toBeVisible();
});

test("a wrong password is refused with a sentence", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(demo.owner.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That email and password do not match an account." })).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});

test("signing up with an email that exists says so", async ({ page }) => {
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Copy Cat");
  await page.getByLabel("Work email").fill(demo.owner.email);
  await page.getByLabel("Password").fill("a-good-long-password");
  await page.getByLabel("Workspace name").fill("Copycat Inc");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("An account with this email already exists. Sign in instead.")).toBeVisible();
});

test("repeated wrong passwords slow an account down, then lock it — the right password too — and the page says so", async ({ page }) => {
  const email = `target-${Date.now()}@example.test`;
  await signUpNew(page, { name: "Tara Target", email: email, password: "the-real-password-1", workspace: "Target Co" });
  await page.context().clearCookies();

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  const alert = page.getByRole("alert").filter({ hasText: /./ });
  const seen = new Set<string>();
  // Someone guessing: each try answered with a sentence; after three, the page asks them to wait.
  for (let tries = 0; tries < 60 && !seen.has("locked"); tries++) {
    await page.getByLabel("Password").fill(`guess-${tries}-password`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(alert).toBeVisible();
    const text = await alert.innerText();
    if (text.includes("do not match")) seen.add("mismatch");
    if (/Wait \d+ seconds? before trying again/.test(text)) {
      seen.add("wait");
      await page.waitForTimeout(500); // as a person would, before the next guess
    }
    if (text.includes("locked")) seen.add("locked");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  expect([...seen].sort()).toEqual(["locked", "mismatch", "wait"]);

  await page.getByLabel("Password").fill("the-real-password-1");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(alert).toContainText(/This account is locked after too many failed sign-ins\. Try again in \d+ minutes?\./);
  await expect(page).toHaveURL(/\/sign-in/);
});

test("signing out everywhere ends the session on the other device too", async ({ page, browser }) => {
  const email = `traveller-${Date.now()}@example.test`;
  await signUpNew(page, { name: "Tia Traveller", email: email, password: "a-good-long-password", workspace: "Travel Co" });

  // The same person on a second device.
  const phone = await browser.newContext();
  const other = await phone.newPage();
  await signIn(other, email, "a-good-long-password");

  await page.getByRole("button", { name: "Account menu for Tia Traveller" }).click();
  await page.getByRole("menuitem", { name: "Sign out everywhere" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await other.goto("/deals");
  await expect(other).toHaveURL(/\/sign-in/);
  // Signing in again works at once.
  await signIn(other, email, "a-good-long-password");
  await phone.close();
});

test("two-factor sign-in: set up from a QR code, recovery codes shown once, then a code asked for at sign-in", async ({ page }) => {
  const email = `careful-${Date.now()}@example.test`;
  await signUpNew(page, { name: "Cara Careful", email: email, password: "a-good-long-password", workspace: "Careful Co" });

  await page.getByRole("link", { name: "Security" }).click();
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  await expect(page.getByRole("img", { name: "QR code to scan with your authenticator app" })).toBeVisible();
  // The phone: an authenticator app with the key typed in.
  const secret = (await page.getByTestId("totp-secret").innerText()).trim();
  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That code is not right" })).toBeVisible();
  await page.getByLabel("Code from the app").fill(await generate({ secret }));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem")).toHaveCount(10);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByText("10 recovery codes left.")).toBeVisible();

  // The admin may now require it of everyone.
  const requireIt = page.getByLabel(/Require two-factor sign-in for everyone/);
  await requireIt.click();
  await expect(page.getByText("Everyone now needs two-factor sign-in")).toBeVisible();
  await expect(requireIt).toBeChecked();

  await page.context().clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-good-long-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByLabel("Authentication code")).toBeVisible();
  // The authenticator's next code (the one used to turn it on is spent).
  await page.getByLabel("Authentication code").fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/deals$/);
  await expect(page.getByText("Careful Co").first()).toBeVisible();
});
