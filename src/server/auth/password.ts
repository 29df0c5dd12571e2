import { hash, verify } from "@node-rs/argon2";

// argon2id (the library's default algorithm) with OWASP's second recommended profile: 19 MiB, t=2.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Verified against when the account does not exist, so timing does not reveal which emails exist. */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword("not-a-real-password-just-for-timing");
  return dummy;
}
