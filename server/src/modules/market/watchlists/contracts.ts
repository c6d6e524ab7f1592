// Zod schemas of watchlists.
import { z } from "zod";

export const watchlistInput = z.object({
  name: z.string().trim().min(1).max(100),
  isDefault: z.boolean().optional(),
  instrumentIds: z.array(z.uuid()).max(1000).default([]),
});
export const watchlistPatch = watchlistInput.partial();
export const watchlistOut = z.object({
  id: z.string(),
  name: z.string(),
  isDefault: z.boolean(),
  instrumentIds: z.array(z.string()),
  items: z.array(
    z.object({
      instrumentId: z.string(),
      symbol: z.string(),
      mic: z.string(),
      country: z.string().nullable(),
      market: z.string(),
      name: z.string(),
      nameLocal: z.string().nullable(),
    }),
  ),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WatchlistOut = z.infer<typeof watchlistOut>;
