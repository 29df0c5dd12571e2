"use client";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { toast } from "sonner";
import { errorMessage, fieldErrors } from "@/trpc/react";

type Errors = Record<string, string | undefined>;

/**
 * Validates a form with the same zod schema the server uses, shows one sentence per field, and
 * shows the server's sentence when the server refuses.
 */
export function useFormSubmit<S extends z.ZodType>(
  schema: S,
  toValues: (form: FormData) => unknown,
  submit: (values: z.infer<S>) => Promise<unknown>,
) {
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = schema.safeParse(toValues(new FormData(event.currentTarget)));
    if (!parsed.success) {
      const fe = z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>;
      setErrors(Object.fromEntries(Object.entries(fe).map(([k, v]) => [k, v?.[0]])));
      return;
    }
    setErrors({});
    setPending(true);
    try {
      await submit(parsed.data);
    } catch (error) {
      setErrors(fieldErrors(error));
      toast.error(errorMessage(error));
    } finally {
      setPending(false);
    }
  }

  return { errors, pending, onSubmit };
}

/** Form values as strings, with empty strings as undefined. */
export function formValues(form: FormData, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, (form.get(k) as string | null)?.trim() || undefined]));
}
