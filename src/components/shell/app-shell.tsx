"use client";
import * as DropdownMenu from "@radix-ui/react-dropdown-menu";
import * as RadixDialog from "@radix-ui/react-dialog";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Bell, Building2, Eraser, CheckSquare, Handshake, KeyRound, LayoutDashboard, LogOut, Menu, ScrollText, ShieldCheck, SlidersHorizontal, Trash2, UserCog, UserPlus, Users, Workflow, X } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { signOut } from "next-auth/react";
import { forgetLocalDocuments } from "../collab/local-documents";
import { initials } from "./initials";
import { useState } from "react";
import { cn } from "@/components/ui/cn";
import { ThemeToggle } from "@/components/theme-toggle";
import { CommandPalette } from "@/components/search/command-palette";
import { roleLabels, type Role } from "@/shared/permissions";
import { useTRPC } from "@/trpc/react";
import { useLiveChanges } from "./use-live-changes";
import { useCan, WorkspaceProvider } from "./workspace-context";

const nav = [
  { href: "/dashboard", label: "Dashboard", icon: LayoutDashboard },
  { href: "/deals", label: "Deals", icon: Handshake },
  { href: "/leads", label: "Leads", icon: UserPlus },
  { href: "/companies", label: "Companies", icon: Building2 },
  { href: "/contacts", label: "Contacts", icon: Users },
  { href: "/tasks", label: "Tasks", icon: CheckSquare },
  { href: "/notifications", label: "Notifications", icon: Bell },
  { href: "/settings/security", label: "Security", icon: ShieldCheck },
  { href: "/trash", label: "Trash", icon: Trash2 },
] as const;

/** For those who administer the workspace. */
const adminNav = [
  { href: "/settings/members", label: "Members", icon: UserCog },
  { href: "/settings/pipelines", label: "Pipelines", icon: Workflow },
  { href: "/settings/fields", label: "Custom fields", icon: SlidersHorizontal },
  { href: "/settings/api-keys", label: "API keys", icon: KeyRound },
  { href: "/settings/audit", label: "Audit log", icon: ScrollText },
  { href: "/settings/privacy", label: "Privacy", icon: Eraser },
] as const;

interface ShellProps {
  user: { id: string; name: string; email: string };
  workspace: { id: string; name: string; role: Role };
  children: React.ReactNode;
}

function NavLinks({ onNavigate, unread }: { onNavigate?: () => void; unread: number }) {
  const pathname = usePathname();
  const admin = useCan("apikey.manage");
  return (
    <nav aria-label="Main" className="flex flex-col gap-1">
      {[...nav, ...(admin ? adminNav : [])].map(({ href, label, icon: Icon }) => {
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            onClick={onNavigate}
            aria-current={active ? "page" : undefined}
            className={cn(
              "flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium",
              active
                ? "bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-100"
                : "text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
            )}
          >
            <Icon className="size-4" aria-hidden />
            {label}
            {href === "/notifications" && unread > 0 ? (
              <span className="ml-auto rounded-full bg-brand-600 px-2 text-xs text-white" aria-label={`${unread} unread`}>
                {unread}
              </span>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}

function Brand({ workspace }: { workspace: ShellProps["workspace"] }) {
  return (
    <div className="flex items-center gap-2 px-3">
      <span className="grid size-8 place-items-center rounded-lg bg-brand-600 font-semibold text-white">M</span>
      <div className="min-w-0">
        <div className="truncate text-sm font-semibold">{workspace.name}</div>
        <div className="text-xs text-muted">{roleLabels[workspace.role]}</div>
      </div>
    </div>
  );
}

export function AppShell({ user, workspace, children }: ShellProps) {
  const [menuOpen, setMenuOpen] = useState(false);
  const trpc = useTRPC();
  useLiveChanges();
  // Live: a new notification reaches the page over the live subscription; the poll is a fallback.
  const notifications = useQuery({ ...trpc.notifications.list.queryOptions(), refetchInterval: 300_000 });
  const unread = notifications.data?.unread ?? 0;
  const everywhere = useMutation(
    trpc.auth.signOutEverywhere.mutationOptions({
      onSettled: () => void forgetLocalDocuments().finally(() => signOut({ callbackUrl: "/sign-in" })),
    }),
  );

  return (
    <WorkspaceProvider value={{ ...workspace, user }}>
      <div className="flex min-h-dvh">
        <aside className="sticky top-0 hidden h-dvh w-60 shrink-0 flex-col gap-6 border-r border-zinc-200 bg-zinc-50 py-4 md:flex dark:border-zinc-800 dark:bg-zinc-900/50">
          <Brand workspace={workspace} />
          <div className="px-2">
            <NavLinks unread={unread} />
          </div>
        </aside>

        <div className="flex min-w-0 flex-1 flex-col">
          <header className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-zinc-200 bg-white/90 px-3 backdrop-blur md:px-6 dark:border-zinc-800 dark:bg-zinc-950/90">
            <RadixDialog.Root open={menuOpen} onOpenChange={setMenuOpen}>
              <RadixDialog.Trigger
                className="grid size-9 place-items-center rounded-md hover:bg-zinc-100 md:hidden dark:hover:bg-zinc-800"
                aria-label="Open navigation"
              >
                <Menu className="size-5" />
              </RadixDialog.Trigger>
              <RadixDialog.Portal>
                <RadixDialog.Overlay className="fixed inset-0 z-40 bg-black/40 md:hidden" />
                <RadixDialog.Content
                  aria-describedby={undefined}
                  className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col gap-6 bg-white py-4 shadow-xl md:hidden dark:bg-zinc-900"
                >
                  <div className="flex items-center justify-between pr-3">
                    <RadixDialog.Title asChild>
                      <div>
                        <Brand workspace={workspace} />
                      </div>
                    </RadixDialog.Title>
                    <RadixDialog.Close className="rounded p-1 hover:bg-zinc-100 dark:hover:bg-zinc-800" aria-label="Close navigation">
                      <X className="size-5" />
                    </RadixDialog.Close>
                  </div>
                  <div className="px-2">
                    <NavLinks unread={unread} onNavigate={() => setMenuOpen(false)} />
                  </div>
                </RadixDialog.Content>
              </RadixDialog.Portal>
            </RadixDialog.Root>
            <span className="font-semibold md:hidden">MyCRM</span>
            <div className="ml-auto flex items-center gap-1">
              <CommandPalette />
              <ThemeToggle />
              <DropdownMenu.Root>
                <DropdownMenu.Trigger
                  className="grid size-9 place-items-center rounded-full bg-brand-100 text-sm font-semibold text-brand-700 dark:bg-brand-500/20 dark:text-brand-100"
                  aria-label={`Account menu for ${user.name}`}
                >
                  {initials(user.name)}
                </DropdownMenu.Trigger>
                <DropdownMenu.Portal>
                  <DropdownMenu.Content
                    align="end"
                    sideOffset={6}
                    className="z-50 min-w-56 rounded-md border border-zinc-200 bg-white p-1 shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
                  >
                    <div className="px-3 py-2">
                      <div className="text-sm font-medium">{user.name}</div>
                      <div className="text-xs text-muted">{user.email}</div>
                    </div>
                    <DropdownMenu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
                    <DropdownMenu.Item
                      onSelect={() => void forgetLocalDocuments().finally(() => signOut({ callbackUrl: "/sign-in" }))}
                      className="flex cursor-pointer items-center gap-2 rounded px-3 py-2 text-sm outline-none data-highlighted:bg-zinc-100 dark:data-highlighted:bg-zinc-800"
                    >
                      <LogOut className="size-4" aria-hidden /> Sign out
                    </DropdownMenu.Item>
                    <DropdownMenu.Item
                      onSelect={() => everywhere.mutate()}
                      className="flex cursor-pointer items-center gap-2 rounded px-3 py-2 text-sm outline-none data-highlighted:bg-zinc-100 dark:data-highlighted:bg-zinc-800"
                    >
                      <LogOut className="size-4" aria-hidden /> Sign out everywhere
                    </DropdownMenu.Item>
                  </DropdownMenu.Content>
                </DropdownMenu.Portal>
              </DropdownMenu.Root>
            </div>
          </header>
          <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-6 md:px-8">{children}</main>
        </div>
      </div>
    </WorkspaceProvider>
  );
}
