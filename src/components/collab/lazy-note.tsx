"use client";
import dynamic from "next/dynamic";

/**
 * The live note editor (Tiptap and ProseMirror, the largest script of a record page), loaded after
 * the page rather than with it: the record's fields paint first, the note follows. Until it has
 * loaded it says what the editor says while its document opens.
 */
export const CollaborativeNote = dynamic(() => import("./collaborative-note").then((m) => m.CollaborativeNote), {
  ssr: false,
  loading: () => <p className="p-4 text-sm text-muted">Opening…</p>,
});
