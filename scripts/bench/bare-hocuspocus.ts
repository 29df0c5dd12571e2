/** A Hocuspocus server as it comes (no extensions, no storage): the benchmark's middle row. */
import { Server } from "@hocuspocus/server";

const server = new Server({ port: Number(process.env.PORT ?? 1234), address: "127.0.0.1", quiet: true });
void server.listen();
