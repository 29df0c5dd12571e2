import { jwtVerify, SignJWT } from "jose";

/** Short-lived: a leaked token is worth little, and the provider fetches a new one on reconnect. */
export const COLLAB_TOKEN_TTL_SECONDS = 10 * 60;
const AUDIENCE = "mycrm-collab";
const ISSUER = "mycrm-web";

const key = (secret: string) => new TextEncoder().encode(`collab:${secret}`);

export async function mintCollabToken(secret: string, claims: { userId: string; document: string; name: string }) {
  return new SignJWT({ doc: claims.document, name: claims.name })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(claims.userId)
    .setAudience(AUDIENCE)
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(`${COLLAB_TOKEN_TTL_SECONDS}s`)
    .sign(key(secret));
}

export interface CollabClaims {
  userId: string;
  document: string;
  name: string;
}

/** Throws when the token is forged, expired or for another document. */
export async function verifyCollabToken(secret: string, token: string, document: string): Promise<CollabClaims> {
  const { payload } = await jwtVerify(token, key(secret), { audience: AUDIENCE, issuer: ISSUER, algorithms: ["HS256"] });
  if (typeof payload.sub !== "string" || payload.doc !== document) throw new Error("Token is for another document.");
  return { userId: payload.sub, document, name: typeof payload.name === "string" ? payload.name : "" };
}
