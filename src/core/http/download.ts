import { concat } from '../../util/bytes.js';

/**
 * A document being downloaded (PAdES, XAdES, archived PDF). The pipeline never buffers it: read `body` as a
 * stream, or call `bytes()`/`text()` once. Until the body is read to the end or cancelled, the connection stays
 * in use, so always do one of the two.
 */
export class Download {
  /** The body as a stream, read once (each read under the download idle timeout). */
  readonly body: ReadableStream<Uint8Array>;
  /** The Content-Type the server sent (`application/pdf`, `application/xml`). */
  readonly contentType: string | undefined;
  /** From Content-Length; undefined when the server streams without one. */
  readonly contentLength: number | undefined;

  constructor(body: ReadableStream<Uint8Array>, contentType: string | undefined, contentLength: number | undefined) {
    this.body = body;
    this.contentType = contentType;
    this.contentLength = contentLength;
  }

  /** Reads the whole body into memory. */
  async bytes(): Promise<Uint8Array> {
    const reader = this.body.getReader();
    const chunks: Uint8Array[] = [];
    let length = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        length += value.byteLength;
      }
    } finally {
      reader.releaseLock();
    }
    return concat(chunks, length);
  }

  /** Reads the whole body as UTF-8 text (XAdES). */
  async text(): Promise<string> {
    return new TextDecoder('utf-8').decode(await this.bytes());
  }

  /** Discards the body and frees the connection. */
  async cancel(): Promise<void> {
    await this.body.cancel().catch(() => undefined);
  }
}
