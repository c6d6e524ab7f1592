// Building a ParsedActivity from a draft whose optional fields may be undefined or empty (what a row's
// reads answer): those fields are dropped, so activities compare and serialise cleanly.
import { compact } from "../text/issues.ts";
import type { ParsedActivity } from "./types.ts";

export type ActivityDraft = { [K in keyof ParsedActivity]?: ParsedActivity[K] | undefined } & Pick<
  ParsedActivity,
  "row" | "type" | "date"
>;

export function activity(draft: ActivityDraft): ParsedActivity {
  return compact(draft) as ParsedActivity;
}
