// `bullpen users ...`: thin wrappers over the identity module's operator verbs.
import { CliError, type CliPlatform } from "./context.ts";

const pending = (): never => {
  throw new CliError("user administration is not available: the identity module is not installed");
};
export const create = async (_p: CliPlatform, _o: { username: string; email?: string; admin: boolean }) =>
  pending();
export const list = async (_p: CliPlatform, _o: { status?: string; json: boolean }) => pending();
export const approve = async (_p: CliPlatform, _u: string) => pending();
export const suspend = async (_p: CliPlatform, _u: string) => pending();
export const resetMfa = async (_p: CliPlatform, _u: string) => pending();
