import { describe, expect, it } from "vitest";
import { can, roles } from "./permissions";

describe("the permission table", () => {
  it("lets every role read, and only viewers not write", () => {
    for (const role of roles) {
      expect(can(role, "deal.read")).toBe(true);
      expect(can(role, "deal.update")).toBe(role !== "viewer");
    }
  });

  it("keeps workspace administration to owners and admins", () => {
    expect(roles.filter((r) => can(r, "member.manage"))).toEqual(["owner", "admin"]);
  });
});
