import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { createLogger } from "@/server/observability/logger";
import { parseNetworks } from "@/server/security/networks";
import { appDatabase, newWorkspace, TEST_SECRET } from "./helpers";

describe("admin IP allow-list", () => {
  it("keeps administration to the listed networks while everything else works from anywhere", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const from = (clientIp: string) =>
      createCaller({
        db: appDatabase().db,
        user: { id: owner.id, email: owner.email, name: owner.name },
        apiKey: null,
        workspaceId,
        requestId: randomUUID(),
        log: createLogger("test", "silent"),
        authSecret: TEST_SECRET,
        clientIp,
        adminNetworks: parseNetworks("10.0.0.0/8, 192.0.2.7, 2001:db8::/32"),
      });
    await expect(from("203.0.113.5").workspace.memberships()).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "Administration is only allowed from the company's network. Connect to it (or its VPN) and try again.",
    });
    await expect(from("203.0.113.5").audit.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(from("203.0.113.5").apiKeys.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
    // The everyday work is not an administrator's: it goes on from anywhere.
    expect(await from("203.0.113.5").deals.list({})).toEqual([]);
    // From inside: a network, one address, IPv6, and IPv4 as a dual-stack socket reports it.
    for (const inside of ["10.20.30.40", "192.0.2.7", "2001:db8::1", "::ffff:10.0.0.9"]) {
      expect((await from(inside).workspace.memberships()).map((m) => m.userId)).toEqual([owner.id]);
    }
    expect(() => parseNetworks("10.0.0.0/33")).toThrow("invalid prefix length");
    expect(() => parseNetworks("intranet")).toThrow("is not an IP address or network");
  });
});
