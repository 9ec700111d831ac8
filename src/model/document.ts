import { brand } from '../errors/brand.js';
import { ValidationError } from '../errors/index.js';
import { FileType } from './enums.js';
import { checkOneOf, checkOptionalText, checkText } from './text-rules.js';

/**
 * Bytes, or a file path (read when the job is sent, by the Node side of the SDK). Bytes are not copied: they are
 * hashed, and large ones sent, straight from your buffer, so leave it unchanged until `create()` has settled.
 */
export type DocumentContent = Uint8Array | ArrayBuffer | string;

/**
 * A document to sign. With a single document, its title and message are the job's title and description
 * (as in the .NET client); with several, the job's options carry them.
 */
export class Document {
  static {
    brand(this, 'Document');
  }
  /** The title shown to the signer (manifest `title`, 1–80 characters). */
  readonly title: string;
  /** A message to the signer (manifest `description`, up to 220 characters). */
  readonly message: string | undefined;
  /** PDF or text. */
  readonly fileType: FileType;
  /** The bytes, or a file path read when the job is packed. */
  readonly content: DocumentContent;
  constructor(title: string, message: string | undefined, fileType: FileType, content: DocumentContent) {
    this.title = checkText('document.title', title, 1, 80);
    this.message = checkOptionalText('document.message', message === '' ? undefined : message, 0, 220);
    this.fileType = checkOneOf('document.fileType', fileType, FileType);
    if (!(content instanceof Uint8Array) && !(content instanceof ArrayBuffer) && typeof content !== 'string') {
      throw new ValidationError('document.content', 'must be bytes (Uint8Array/ArrayBuffer) or a file path');
    }
    if (typeof content === 'string' && content.length === 0) throw new ValidationError('document.content', 'file path is empty');
    this.content = content;
    Object.freeze(this);
  }
  /** For logs: title and type, never the content. */
  toString(): string {
    return `Document(${this.title}, ${this.fileType})`;
  }
}
