import { z } from "zod";

/** Output shapes shared by several routers: what a record page lists of its related records. */
export const relatedContact = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
});

export const relatedDeal = z.object({
  id: z.uuid(),
  title: z.string(),
  amount: z.number().nullable(),
  currency: z.string(),
});

const text = z.string().nullable();
/** Output shapes of the richer fields (inputs trim and normalise; outputs are plain). */
export const addressOut = z.object({ street: text, city: text, region: text, postalCode: text, country: text });
export const companyLinksOut = z.object({ website: text, linkedin: text, twitter: text });
export const contactLinksOut = z.object({ linkedin: text, twitter: text });

/** Custom field values by field id (definitions: GET /custom-fields). */
export const customValuesOut = z.record(z.string(), z.unknown());

export const recordMeta = {
  ownerId: z.uuid().nullable(),
  tags: z.array(z.string()),
  createdAt: z.date(),
  updatedAt: z.date(),
};
