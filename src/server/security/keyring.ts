import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * The keys that seal sensitive field values (AES-256-GCM). `ENCRYPTION_KEYS` lists them as
 * `id:base64key` (32 bytes each), comma-separated, the current one first: new values are sealed
 * with it, and any listed key opens the values sealed with it. To rotate: put a new key first,
 * restart, run `npm run keys:rotate` (every value is sealed again with the new key), then drop the
 * old one. Without the variable, one key is derived from AUTH_SECRET (id `default`), so the
 * product works out of the box; production sets its own keys, kept apart from the database.
 *
 * Sealed form: `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url). The associated data binds a
 * value to where it belongs (workspace, record, field): moved elsewhere, it no longer opens.
 */
export interface Keyring {
  current: { id: string; key: Buffer };
  keys: ReadonlyMap<string, Buffer>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

export class KeyringError extends Error {}

export function parseKeyring(text: string | undefined, authSecret: string): Keyring {
  if (!text?.trim()) {
    const key = Buffer.from(hkdfSync("sha256", authSecret, "mycrm-keyring", "sensitive-fields", 32));
    return { current: { id: "default", key }, keys: new Map([["default", key]]) };
  }
  const keys = new Map<string, Buffer>();
  for (const [i, entry] of text.split(",").map((s) => s.trim()).filter(Boolean).entries()) {
    const colon = entry.indexOf(":");
    const id = entry.slice(0, colon);
    const key = Buffer.from(entry.slice(colon + 1), "base64");
    // (The entry itself is never repeated: it may be a key.)
    if (colon < 1 || !KEY_ID.test(id)) throw new KeyringError(`Entry ${i + 1} is not id:base64key (an id of letters, digits, - or _, a colon, then the key).`);
    if (key.length !== 32) throw new KeyringError(`The key “${id}” must be 32 bytes, base64 encoded (openssl rand -base64 32).`);
    if (keys.has(id)) throw new KeyringError(`The key id “${id}” appears twice.`);
    keys.set(id, key);
  }
  const [first] = keys;
  if (!first) throw new KeyringError("List at least one key.");
  return { current: { id: first[0], key: first[1] }, keys };
}

export function sealValue(keyring: Keyring, context: string, plain: string): { sealed: string; keyId: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyring.current.key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  const sealed = ["v1", keyring.current.id, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
  return { sealed, keyId: keyring.current.id };
}

export type Opened = { ok: true; value: string } | { ok: false; reason: "missing_key" | "damaged"; keyId: string };

export function openValue(keyring: Keyring, context: string, sealed: string): Opened {
  const [version, keyId = "", iv, tag, ciphertext] = sealed.split(".");
  const key = keyring.keys.get(keyId);
  if (!key) return { ok: false, reason: "missing_key", keyId };
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) return { ok: false, reason: "damaged", keyId };
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return { ok: true, value: Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8") };
  } catch {
    return { ok: false, reason: "damaged", keyId };
  }
}
