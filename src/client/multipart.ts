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

/**
 * A create request's body laid out around its ASiC-E: the bytes before it (the XML part and the archive part's
 * headers) and after it. The archive can then be written straight into the one buffer that is sent, instead of
 * being built in one buffer and copied into another: at 100 KB a job, that second buffer cost more in garbage
 * collection than the copy itself (measured in bench/).
 */
export interface CreateBodyFrame {
  contentType: string;
  before: Uint8Array;
  after: Uint8Array;
}

export function createBodyFrame(requestXml: Uint8Array): CreateBodyFrame {
  const boundary = `posten-signering-${randomToken()}`;
  const head = encoder.encode(`--${boundary}\r\nContent-Type: application/xml\r\n\r\n`);
  const middle = encoder.encode(`\r\n--${boundary}\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const before = new Uint8Array(head.byteLength + requestXml.byteLength + middle.byteLength);
  before.set(head, 0);
  before.set(requestXml, head.byteLength);
  before.set(middle, head.byteLength + requestXml.byteLength);
  return { contentType: `multipart/mixed; boundary=${boundary}`, before, after: encoder.encode(`\r\n--${boundary}--\r\n`) };
}

function randomToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
