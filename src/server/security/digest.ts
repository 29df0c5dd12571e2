import { createHash } from "node:crypto";

/** SHA-256 in hex: how random secrets (API keys, invitation tokens, recovery codes) are stored. */
export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");
