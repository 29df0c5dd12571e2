"use client";
import { createContext, useContext } from "react";
import { can, type Permission, type Role } from "@/shared/permissions";

interface WorkspaceValue {
  id: string;
  name: string;
  role: Role;
  user: { id: string; name: string; email: string };
}

const WorkspaceContext = createContext<WorkspaceValue | null>(null);
export const WorkspaceProvider = WorkspaceContext.Provider;

export function useWorkspace() {
  const value = useContext(WorkspaceContext);
  if (!value) throw new Error("useWorkspace outside the app shell");
  return value;
}

/** Hides what a role may not do; the server checks again on every call. */
export function useCan(permission: Permission) {
  return can(useWorkspace().role, permission);
}
