import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { spawn } from "node:child_process";

const root = resolve(import.meta.dirname, "../..");
const inputs = ["src", "public", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json"];
const stampFile = join(root, ".next", "mycrm-build-stamp");

function walk(path: string, hash: ReturnType<typeof createHash>) {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (stat.isDirectory()) {
    for (const entry of readdirSync(path).sort()) walk(join(path, entry), hash);
  } else {
    hash.update(path.slice(root.length));
    hash.update(readFileSync(path));
  }
}

/** A hash of everything the production build is made from. */
export function sourceStamp(): string {
  const hash = createHash("sha256");
  for (const input of inputs) walk(join(root, input), hash);
  return hash.digest("hex");
}

/** Why the build must be made again, or null when it is current. */
export function buildStaleness(): string | null {
  if (!existsSync(join(root, ".next", "BUILD_ID"))) return "there is no production build yet";
  if (!existsSync(stampFile) || readFileSync(stampFile, "utf8") !== sourceStamp()) return "the sources changed since the last build";
  return null;
}

export async function runBuild(onLine: (line: string) => void = (l) => process.stdout.write(`${l}\n`)) {
  const stamp = sourceStamp();
  await new Promise<void>((done, fail) => {
    const child = spawn(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"], {
      cwd: root,
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const relay = (chunk: Buffer) => chunk.toString().split("\n").filter(Boolean).forEach(onLine);
    child.stdout.on("data", relay);
    child.stderr.on("data", relay);
    child.on("exit", (code) => (code === 0 ? done() : fail(new Error(`next build failed with exit code ${code}`))));
  });
  writeFileSync(stampFile, stamp);
}
