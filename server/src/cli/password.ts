// Reads a password from standard input: prompted without echo on a terminal, or the first line
// of a pipe. Never from argv, where other users could read it from the process list.
import { CliError } from "./kit.ts";

/** Reads all of a non-TTY stdin and returns its first line (without the line ending). */
async function readFirstLine(stream: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    if (chunk.includes("\n")) break;
  }
  const text = Buffer.concat(chunks).toString("utf8");
  return text.split(/\r?\n/)[0] ?? "";
}

/** One line typed at a terminal in raw mode, echoing nothing. */
function readHidden(prompt: string, input: NodeJS.ReadStream, output: NodeJS.WriteStream): Promise<string> {
  return new Promise((resolve, reject) => {
    // Raw mode (no echo) before the prompt, so nothing typed after it is ever echoed.
    input.setRawMode(true);
    output.write(prompt);
    let value = "";
    input.resume();
    input.setEncoding("utf8");
    const done = (err?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.off("data", onData);
      output.write("\n");
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (data: string) => {
      for (const ch of data) {
        if (ch === "\r" || ch === "\n") return done();
        if (ch === "\u0003") return done(new CliError("cancelled", 130));
        if (ch === "\u0004") return done();
        if (ch === "\u007f" || ch === "\b") value = value.slice(0, -1);
        else if (ch >= " ") value += ch;
      }
    };
    input.on("data", onData);
  });
}

/** The new password: asked twice on a terminal, read once from a pipe. */
export async function readNewPassword(
  input: NodeJS.ReadStream = process.stdin,
  output: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  if (!input.isTTY) {
    const pw = await readFirstLine(input);
    if (!pw) throw new CliError("expected the password on standard input (one line)");
    return pw;
  }
  const first = await readHidden("Password: ", input, output);
  const second = await readHidden("Repeat password: ", input, output);
  if (first !== second) throw new CliError("the passwords do not match");
  if (!first) throw new CliError("empty password");
  return first;
}
