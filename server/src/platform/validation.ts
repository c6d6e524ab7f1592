// The validator compiler every route's params, query and body go through: fastify-type-provider-zod's,
// after one check that no string and no object key anywhere in them holds NUL or an unpaired
// surrogate (schemas.ts: textProblem). So no route can forget it, and a route added tomorrow has it
// too (decision 0007). A refusal is the usual 400 `validation` naming the field, e.g.
// "body.name: must not contain NUL (U+0000)".
import type { FastifySchemaCompiler } from "fastify";
import { validatorCompiler as zodValidatorCompiler } from "fastify-type-provider-zod";
import { z } from "zod";
import { checkText } from "./schemas.ts";

/** Passes its input on unchanged when every string in it is storable text. */
const storableText = z.unknown().superRefine((value, ctx) => checkText(value, ctx));

export const validatorCompiler: FastifySchemaCompiler<z.ZodType> = (route) => {
  // Headers are Node's: its HTTP parser already refuses NUL and bytes that are not header text.
  if (route.httpPart === "headers") return zodValidatorCompiler(route);
  return zodValidatorCompiler({ ...route, schema: storableText.pipe(route.schema) });
};
