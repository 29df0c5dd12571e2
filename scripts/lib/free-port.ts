import { createServer } from "node:net";

/** A port nothing listens on now: asked of the system, not guessed (a guess can land on a port in use). */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
    probe.on("error", fail);
  });
}
