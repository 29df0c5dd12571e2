import { describe, expect, it } from "vitest";
import { formatDocName, parseDocName } from "./doc-names";

describe("document names", () => {
  const id = "3f2b8c1e-4d5a-4b6c-8d7e-9f0a1b2c3d4e";

  it("round-trips a deal's document name", () => {
    expect(parseDocName(formatDocName({ kind: "deal", id }))).toEqual({ kind: "deal", id });
  });

  it("refuses anything else, including names that try to carry a workspace", () => {
    for (const name of ["", "deal", `deal/${id}/extra`, `workspace/${id}`, `ws:${id}/deal/${id}`, "deal/not-a-uuid", `DEAL/${id}`, `../deal/${id}`]) {
      expect(parseDocName(name), name).toBeNull();
    }
  });
});
