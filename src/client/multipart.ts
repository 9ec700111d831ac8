// The create request is multipart/mixed: the job XML, then the ASiC-E. form-data cannot write such parts
// cleanly (see the README's "Dependencies"), and the body is two known byte sequences, so it is written here.

const encoder = new TextEncoder();

/**
 * A create request's body laid out around its ASiC-E: the bytes before it (the XML part and the archive part's
 * headers) and after it. The body is sent as these two and the archive's own ranges in between, so the archive
 * is never copied into a body buffer: such a buffer cost more in garbage collection than the copy itself
 * (bench/README.md).
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
