import { redirect } from "next/navigation";
import { getSession } from "@/trpc/server";

export const dynamic = "force-dynamic";

export default async function Home() {
  redirect((await getSession()) ? "/deals" : "/sign-in");
}
