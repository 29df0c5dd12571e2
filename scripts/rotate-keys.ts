/**
 * `npm run keys:rotate`: seals every sensitive field value again with the current key (the first
 * of ENCRYPTION_KEYS), workspace by workspace, each in its own transaction. Run it after putting a
 * new key first; once it reports nothing left under the old key, the old key can be dropped.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { createDatabase, forEachWorkspace } from "../src/server/db/client";
import { resealWorkspace } from "../src/server/domain/sensitive/sensitive";
import { KeyringError, parseKeyring } from "../src/server/security/keyring";
import { databaseForScript } from "./lib/database-for-script";

function authSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = join(resolve(import.meta.dirname, ".."), process.env.MYCRM_DATA_DIR ?? ".data", "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  throw new Error("Set AUTH_SECRET (the values sealed with the default key are derived from it).");
}

async function main() {
  let keyring;
  try {
    keyring = parseKeyring(process.env.ENCRYPTION_KEYS, authSecret());
  } catch (error) {
    if (error instanceof KeyringError) {
      process.stderr.write(`ENCRYPTION_KEYS is invalid: ${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const target = await databaseForScript();
  const database = createDatabase(target.url, { max: 2, applicationName: "mycrm-rotate-keys" });
  try {
    // Workspace by workspace, as the workspace (row-level security applies to this connection too).
    let resealed = 0;
    let unreadable = 0;
    let touched = 0;
    const left = await forEachWorkspace(database.db, async (tx, workspaceId) => {
      const result = await resealWorkspace({ db: tx, workspaceId }, keyring);
      resealed += result.resealed;
      unreadable += result.unreadable;
      if (result.resealed || result.unreadable) touched++;
      const [row] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from sensitive_values where key_id <> ${keyring.current.id}`);
      return row!.n;
    });
    process.stdout.write(`Sealed ${resealed} value(s) again with the key “${keyring.current.id}” in ${touched} workspace(s).\n`);
    if (unreadable) process.stdout.write(`${unreadable} value(s) could not be opened with the keys listed: add their key back to ENCRYPTION_KEYS and run this again.\n`);
    process.stdout.write(left ? `${left} value(s) are still under other keys: keep those keys.\n` : "No value is sealed with another key: the old keys can be removed.\n");
  } finally {
    await database.close();
    await target.stop();
  }
}

await main();
