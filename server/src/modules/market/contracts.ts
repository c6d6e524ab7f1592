// Zod pieces every part of the market module shares (the sub-domains' own schemas live beside them).
import { z } from "zod";
import { dateOrDateTime, isoDate as platformIsoDate } from "../../platform/schemas.ts";
import { INTERVALS } from "./schema.ts";

export const interval = z.enum(INTERVALS);
/** A real calendar date, 1800-01-01 to 2200-12-31 (the platform's one date type). */
export const isoDate = platformIsoDate();
export const currency = z.string().regex(/^[A-Z]{3}$/, "expected a 3-letter currency code");
/** Decimal as a string (money is never a float in JSON). */
export const decimalString = z.string().regex(/^-?\d+(\.\d+)?$/, "expected a decimal number as a string");
/** ISO 10383 market identifier code (upper-cased). */
export const mic = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{4}$/, "expected an ISO 10383 MIC (4 letters or digits, e.g. XNAS)");
/** ISO 3166 alpha-2 country (upper-cased). */
export const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "expected an ISO 3166 alpha-2 country code (e.g. US, KR)");

// ---- route pieces

export { idParams, routeErrors } from "../../platform/http.ts";
export const boolQuery = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((v) => v === "true" || v === "1");
/** A date (its 00:00 UTC) or an instant. */
export const whenQuery = dateOrDateTime().optional();
