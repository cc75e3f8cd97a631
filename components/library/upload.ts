/**
 * Chunked upload from the browser through `/api/ads/1.1/media/upload`, the
 * same endpoint API clients use, authenticated by the session plus the
 * `X-Account-Id` header. Segments of 4 MB go as raw bodies with XHR (fetch
 * has no upload progress), so the progress bar moves with bytes actually
 * sent; a failed segment is retried before the upload gives up.
 */

export const SEGMENT_BYTES = 4 * 1024 * 1024;

export interface UploadOptions {
  accountId: string;
  category: 'amplify_video' | 'tweet_image';
  /** 0..1 of the bytes sent. */
  onProgress?: (fraction: number) => void;
}

const endpoint = '/api/ads/1.1/media/upload';

interface XError {
  errors?: Array<{ message?: string }>;
}

async function command(accountId: string, params: Record<string, string>): Promise<{ media_id_string: string }> {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-account-id': accountId },
    body: new URLSearchParams(params),
  });
  const text = await res.text();
  // media_id exceeds 2^53; only media_id_string is read, so JSON.parse rounding it does no harm.
  const body = text ? (JSON.parse(text) as XError & { media_id_string: string }) : null;
  if (!res.ok) throw new Error(body?.errors?.[0]?.message ?? `Upload failed (${res.status})`);
  return body as { media_id_string: string };
}

function sendSegment(accountId: string, mediaId: string, index: number, blob: Blob, onBytes: (sent: number) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const qs = new URLSearchParams({ command: 'APPEND', media_id: mediaId, segment_index: String(index) });
    xhr.open('POST', `${endpoint}?${qs}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.setRequestHeader('x-account-id', accountId);
    xhr.upload.onprogress = (e) => onBytes(e.loaded);
    xhr.onload = () => {
      if (xhr.status === 204) return resolve();
      let message = `Segment ${index} failed (${xhr.status})`;
      try {
        message = (JSON.parse(xhr.responseText) as XError).errors?.[0]?.message ?? message;
      } catch {
        /* not JSON */
      }
      reject(Object.assign(new Error(message), { status: xhr.status }));
    };
    xhr.onerror = () => reject(new Error(`Segment ${index}: network error`));
    xhr.send(blob);
  });
}

/** Uploads a file and FINALIZEs it; resolves with the media id (as a string). */
export async function uploadFile(file: File, opts: UploadOptions): Promise<string> {
  const mediaType = file.type || (file.name.toLowerCase().endsWith('.mkv') ? 'video/x-matroska' : 'application/octet-stream');
  const init = await command(opts.accountId, {
    command: 'INIT',
    total_bytes: String(file.size),
    media_type: mediaType,
    media_category: opts.category,
  });
  const mediaId = init.media_id_string;
  const count = Math.max(1, Math.ceil(file.size / SEGMENT_BYTES));
  let done = 0;
  for (let i = 0; i < count; i++) {
    const blob = file.slice(i * SEGMENT_BYTES, (i + 1) * SEGMENT_BYTES);
    for (let attempt = 1; ; attempt++) {
      try {
        await sendSegment(opts.accountId, mediaId, i, blob, (sent) => opts.onProgress?.((done + sent) / file.size));
        break;
      } catch (err) {
        const status = (err as { status?: number }).status ?? 0;
        // Client errors will not fix themselves; network blips and 5xx get two more tries.
        if (attempt >= 3 || (status >= 400 && status < 500)) throw err;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
    done += blob.size;
    opts.onProgress?.(done / file.size);
  }
  await command(opts.accountId, { command: 'FINALIZE', media_id: mediaId });
  return mediaId;
}
