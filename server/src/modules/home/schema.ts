import { pgSchema, uuid } from "drizzle-orm/pg-core";
import { createdAt, ts, updatedAt } from "../../platform/db/columns.ts";
import { users } from "../identity/schema.ts";

export const homeSchema = pgSchema("home");

/** Each user's home page state: one row, made the first time the user changes something. */
export const userHome = homeSchema.table("user_home", {
  userId: uuid("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  /** When the user closed the first-run guide; null while it shows. */
  guideDismissedAt: ts("guide_dismissed_at"),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});
