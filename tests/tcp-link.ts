import { connect as tcpConnect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP hop in front of a real server (PostgreSQL, Redis) that a test can cut — every connection
 * dropped, new ones refused — and restore on the same port: the service "gone" and "back" for
 * whoever connects through it.
 */
export async function tcpLink(targetHost: string, targetPort: number) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const up = () =>
    new Promise<void>((done) => {
      server = createServer((client) => {
        const upstream = tcpConnect(targetPort, targetHost);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("close", () => sockets.delete(s));
          s.on("error", () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as { port: number }).port;
        done();
      });
    });
  const down = () =>
    new Promise<void>((done) => {
      for (const s of sockets) s.destroy();
      if (!server) return done();
      server.close(() => done());
      server = null;
    });
  await up();
  return { port: () => port, up, down };
}
