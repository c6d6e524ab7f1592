// The CSV bar import, over XMLHttpRequest because fetch reports no upload progress.
import { ApiError, CSRF_COOKIE, CSRF_HEADER, errorFromAnswer, readCookie } from "../../api/client.ts";
import type { ImportResult, Interval } from "../../api/models.ts";

/**
 * Uploads a CSV file as the request body of POST /api/instruments/{id}/bars/import, reporting upload
 * progress (0..1). Resolves with the import report for 200 (stored) and 422 (refused, row errors).
 */
export function importBarsCsv(
  id: string,
  file: Blob,
  interval: Interval,
  onProgress: (fraction: number) => void,
  baseUrl = "",
): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const url = `${baseUrl}/api/instruments/${encodeURIComponent(id)}/bars/import`;
    xhr.open("POST", `${url}?interval=${encodeURIComponent(interval)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.setRequestHeader("accept", "application/json");
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) xhr.setRequestHeader(CSRF_HEADER, csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, "network", "upload failed"));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText || "null");
      } catch {
        data = undefined; // not JSON: an error without a body of ours
      }
      const report = data as ImportResult | undefined;
      if (xhr.status === 200 || (xhr.status === 422 && Array.isArray(report?.errors))) {
        onProgress(1);
        resolve(report as ImportResult);
        return;
      }
      reject(errorFromAnswer(xhr.status, xhr.statusText, data, xhr.getResponseHeader("retry-after")));
    };
    xhr.send(file);
  });
}
