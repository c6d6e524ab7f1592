// Offline OCR of screenshots: tesseract.js with the Korean and English LSTM models shipped by the
// npm packages @tesseract.js-data/kor and @tesseract.js-data/eng (`kor` alone misreads Latin names
// such as "SK", so both are loaded). Nothing is downloaded: the language data is read from those
// packages and the worker and WASM core from tesseract.js's own files. One worker per process,
// created on first use, recognitions queued one at a time; `stopOcr` ends it (the module's stop).
import { mkdtemp, rm, symlink } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { OcrWord } from "./tokens.ts";

export interface OcrResult {
  text: string;
  words: OcrWord[];
  /** Mean word confidence, 0-100. */
  confidence: number;
  ms: number;
}

type TesseractWorker = Awaited<ReturnType<typeof import("tesseract.js").createWorker>>;

const LANGS = ["kor", "eng"] as const;
/** The LSTM-only integer models: smaller and faster than the legacy+LSTM ones, as accurate here. */
const MODEL_DIR = "4.0.0_best_int";

let worker: Promise<TesseractWorker> | null = null;
let queue: Promise<unknown> = Promise.resolve();

/** Where each language's traineddata lies in its npm package. */
export function languageFiles(): Record<string, string> {
  const req = createRequire(import.meta.url);
  return Object.fromEntries(
    LANGS.map((l) => [
      l,
      join(dirname(req.resolve(`@tesseract.js-data/${l}/package.json`)), MODEL_DIR, `${l}.traineddata.gz`),
    ]),
  );
}

async function startWorker(): Promise<TesseractWorker> {
  const { createWorker, OEM } = await import("tesseract.js");
  // tesseract.js reads every language from one folder: link the packages' files into a private one.
  const dir = await mkdtemp(join(tmpdir(), "bullpen-tessdata-"));
  try {
    for (const [lang, file] of Object.entries(languageFiles()))
      await symlink(file, join(dir, `${lang}.traineddata.gz`));
    const w = await createWorker(LANGS.join("+"), OEM.LSTM_ONLY, {
      langPath: dir,
      gzip: true,
      cacheMethod: "none",
    });
    await w.setParameters({ preserve_interword_spaces: "1" });
    return w;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Reads an image (PNG or JPEG bytes): its text and every word with its box. */
export function recognize(image: Buffer): Promise<OcrResult> {
  const run = async () => {
    if (!worker) {
      worker = startWorker();
      worker.catch(() => {
        worker = null;
      });
    }
    const w = await worker;
    const started = performance.now();
    const r = await w.recognize(image, {}, { text: true, blocks: true });
    const words: OcrWord[] = [];
    for (const b of r.data.blocks ?? [])
      for (const p of b.paragraphs)
        for (const l of p.lines)
          for (const x of l.words)
            words.push({
              text: x.text,
              x0: x.bbox.x0,
              y0: x.bbox.y0,
              x1: x.bbox.x1,
              y1: x.bbox.y1,
              conf: x.confidence,
            });
    const confidence = words.length ? words.reduce((s, x) => s + x.conf, 0) / words.length : 0;
    return { text: r.data.text, words, confidence, ms: Math.round(performance.now() - started) };
  };
  const next = queue.then(run, run);
  queue = next.catch(() => undefined);
  return next;
}

/** Whether a worker is running (or starting). */
export const ocrRunning = () => worker !== null;

/** Ends the worker, if one was started (the portfolio module's stop). */
export async function stopOcr(): Promise<void> {
  const w = worker;
  worker = null;
  if (w) await (await w.catch(() => null))?.terminate();
}
