// Zod schemas of the account's phone number (verification takes the shared codeBody).
import { z } from "zod";

export const phoneNumber = z
  .string()
  .regex(/^\+[1-9][0-9]{6,14}$/, "must be an E.164 number such as +821012345678");
export const phoneRequestBody = z.object({ phoneNumber });
