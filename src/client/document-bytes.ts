import { ValidationError } from '../errors/index.js';
import { FileType, MAX_TOTAL_DOCUMENT_BYTES, type Document } from '../model/index.js';

/**
 * Reads each document's content (bytes as they are, a path from disk) and checks what can only be checked on
 * the bytes: the 10 MB total and that a PDF is one. File access is imported lazily, so runtimes without `node:fs`
 * can still send documents given as bytes.
 */
export async function documentBytes(documents: readonly Document[]): Promise<Uint8Array[]> {
  const result = await Promise.all(documents.map((d, i) => read(d, i)));
  const total = result.reduce((sum, b) => sum + b.byteLength, 0);
  if (total > MAX_TOTAL_DOCUMENT_BYTES) {
    throw new ValidationError('documents', `together must be at most ${MAX_TOTAL_DOCUMENT_BYTES} bytes (10 MB), got ${total}`);
  }
  return result;
}

async function read(document: Document, index: number): Promise<Uint8Array> {
  const field = `documents[${index}].content`;
  let bytes: Uint8Array;
  if (typeof document.content === 'string') {
    const { readFile } = await import('node:fs/promises');
    try {
      const buffer = await readFile(document.content);
      bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (cause) {
      throw new ValidationError(field, `cannot read file ${document.content}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`);
    }
  } else {
    bytes = document.content instanceof Uint8Array ? document.content : new Uint8Array(document.content);
  }
  if (bytes.byteLength === 0) throw new ValidationError(field, 'is empty');
  if (document.fileType === FileType.Pdf && !looksLikePdf(bytes)) {
    throw new ValidationError(field, 'is not a PDF: no %PDF- header in its first 1024 bytes');
  }
  return bytes;
}

// PDF readers accept the header anywhere in the first 1024 bytes, so that is what is checked.
function looksLikePdf(bytes: Uint8Array): boolean {
  const limit = Math.min(bytes.byteLength - 5, 1024);
  for (let i = 0; i <= limit; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) return true;
  }
  return false;
}
