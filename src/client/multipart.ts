// The create request is multipart/mixed: the job XML, then the ASiC-E. form-data cannot write such parts
// cleanly (see the README's "Dependencies"), and the body is two known byte arrays, so it is written here.

const encoder = new TextEncoder();

export interface MultipartBody {
  contentType: string;
  /** The body as chunks over the parts' own buffers: the ASiC-E is not copied to build it. */
  body: Uint8Array[];
}

export function multipartMixed(parts: readonly { contentType: string; bytes: Uint8Array }[]): MultipartBody {
  const boundary = `posten-signering-${randomToken()}`;
  const chunks: Uint8Array[] = [];
  for (const part of parts) {
    chunks.push(encoder.encode(`--${boundary}\r\nContent-Type: ${part.contentType}\r\n\r\n`), part.bytes, encoder.encode('\r\n'));
  }
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  return { contentType: `multipart/mixed; boundary=${boundary}`, body: chunks };
}

function randomToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
