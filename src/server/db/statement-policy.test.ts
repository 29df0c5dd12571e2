import { describe, expect, it } from "vitest";
import { StatementPolicy } from "./client";

describe("which statements are prepared on their connections", () => {
  it("prepares a statement the second time it is seen, and from then on", () => {
    const policy = new StatementPolicy();
    const text = 'select "id" from "deals" where "workspace_id" = $1 and "id" = $2';
    expect(policy.shouldPrepare(text)).toBe(false);
    expect(policy.shouldPrepare(text)).toBe(true);
    expect(policy.shouldPrepare(text)).toBe(true);
  });

  it("keeps at most its number of statements, however many different texts come (views built from people's filters)", () => {
    const policy = new StatementPolicy(3);
    for (let i = 0; i < 50; i++) {
      policy.shouldPrepare(`select ${i}`);
      policy.shouldPrepare(`select ${i}`);
    }
    expect(policy.size).toBe(3);
    // The first three stay prepared; the others keep running unnamed.
    expect(policy.shouldPrepare("select 0")).toBe(true);
    expect(policy.shouldPrepare("select 49")).toBe(false);
  });

  it("never prepares a long statement (a batch insert of many rows)", () => {
    const policy = new StatementPolicy(500, 100);
    const long = `insert into t values ${Array.from({ length: 40 }, (_, i) => `($${i + 1})`).join(", ")}`;
    for (let i = 0; i < 3; i++) expect(policy.shouldPrepare(long)).toBe(false);
  });
});
