import { ThemeToggle } from "@/components/theme-toggle";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="flex min-h-dvh flex-col items-center justify-center bg-zinc-50 px-4 py-10 dark:bg-zinc-950">
      <div className="absolute top-4 right-4">
        <ThemeToggle />
      </div>
      <div className="mb-8 flex items-center gap-2 text-2xl font-semibold tracking-tight">
        <span className="grid size-9 place-items-center rounded-lg bg-brand-600 text-white">M</span> MyCRM
      </div>
      <div className="w-full max-w-sm">{children}</div>
    </main>
  );
}
