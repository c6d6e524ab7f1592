// Column helpers every module's schema uses, so timestamps and ids are declared one way.
import { timestamp, uuid } from "drizzle-orm/pg-core";

/** A `timestamptz` column. */
export const ts = (name: string) => timestamp(name, { withTimezone: true });
/** `created_at timestamptz not null default now()`. */
export const createdAt = () => ts("created_at").notNull().defaultNow();
/** `updated_at timestamptz not null default now()` (verbs set it on change). */
export const updatedAt = () => ts("updated_at").notNull().defaultNow();
/** A UUID primary key; ids are UUIDv7 made by the application (platform/ids.ts). */
export const idColumn = (name = "id") => uuid(name).primaryKey();
