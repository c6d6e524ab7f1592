// The text utilities every broker parser shares: decoding, CSV, locale numbers and dates, issues.
export * from "./csv.ts";
export * from "./currency.ts";
export * from "./dates.ts";
export * from "./decode.ts";
export * from "./issues.ts";
export * from "./numbers.ts";
export * from "./table.ts";
export * from "./xlsx.ts";
export * from "./xml.ts";
