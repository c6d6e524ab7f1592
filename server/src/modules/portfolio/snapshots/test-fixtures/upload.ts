// A multipart/form-data body as a browser sends it: one image part and text fields.
import type { FastifyInstance } from "fastify";
import pino from "pino";
import { makeCtx } from "../../../../platform/context.ts";
import type { Platform } from "../../../../platform/platform.ts";
import { seedInstruments } from "../../../market/index.ts";
import { SCREEN_INSTRUMENTS } from "./screens.ts";

export function multipart(
  file: { bytes: Buffer; name?: string; type?: string; field?: string } | null,
  fields: Record<string, string> = {},
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----bullpen${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file)
    parts.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="${file.field ?? "image"}"; filename="${file.name ?? "screen.png"}"\r\ncontent-type: ${file.type ?? "image/png"}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from("\r\n"),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

export function upload(
  app: FastifyInstance,
  headers: Record<string, string>,
  image: Buffer | null,
  fields: Record<string, string> = {},
) {
  const body = multipart(image ? { bytes: image } : null, fields);
  return app.inject({
    method: "POST",
    url: "/api/portfolio/snapshots",
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
}

/** Seeds the screens' instruments (Korean names in name_local) as the operator. */
export async function seedScreenInstruments(platform: Platform): Promise<void> {
  const ctx = makeCtx(platform, { origin: "operator", log: pino({ level: "silent" }), userAgent: "test" });
  await seedInstruments({
    ctx,
    input: SCREEN_INSTRUMENTS.map((i) => ({
      symbol: i.symbol,
      mic: i.mic,
      country: i.country,
      assetClass: "equity",
      name: i.name,
      nameLocal: i.nameLocal,
      currency: i.currency,
    })),
  });
}
