/** The rows a multi-row insert returned, in the order they were given (RETURNING promises none). */
export function inOrder<T extends { id: string }>(given: readonly { id: string }[], returned: readonly T[]): T[] {
  const byId = new Map(returned.map((r) => [r.id, r]));
  return given.map((g) => byId.get(g.id)!);
}
