import { ValidationError } from '../errors/index.js';

/*
 * Document names inside the ASiC-E container, identical to the Java client's `FileName.reduceToFileNameSafeChars`
 * so that jobs made by either client look the same to the service and the result is URL-safe without escaping.
 */

/** Java `\s` (ASCII whitespace only) and the punctuation Java replaces; a run of them becomes one `_`. */
// eslint-disable-next-line no-control-regex -- Java's \s includes the vertical tab
const PUNCTUATION_RUN = /[ \t\n\x0B\f\r:;&%$*?+=@,()[\]{}#!"“”^`´<>]+/g;

/** The 39 allowed characters sorted by code unit, as Java sorts them. */
const ALPHABET = '-.0123456789_abcdefghijklmnopqrstuvwxyz';

/** A title reduced to `[0-9a-z._-]` exactly as the Java client does it. */
export function fileNameSafe(title: string): string {
  const replaced = title.replace(PUNCTUATION_RUN, '_').replace(/[æÆ]/g, 'ae').replace(/[øØ]/g, 'oe').replace(/[åÅ]/g, 'aa');
  const lower = replaced.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  let out = '';
  // Per UTF-16 code unit, like Java's char loop: an astral character becomes two replacement characters.
  for (let i = 0; i < lower.length; i++) {
    const ch = lower.charAt(i);
    out += ALPHABET.includes(ch) ? ch : ALPHABET.charAt(lower.charCodeAt(i) % ALPHABET.length);
  }
  return out;
}

/** `NNNN_<sanitised title>.<ext>`: the name of document `index` (0-based) in the container and the manifest. */
export function documentFileName(index: number, title: string, extension: 'pdf' | 'txt'): string {
  if (!Number.isInteger(index) || index < 0 || index > 9999) {
    throw new ValidationError('index', `document index must be an integer 0..9999, got ${index}`);
  }
  if (title.length === 0) throw new ValidationError('title', 'a document title must not be empty');
  // The manifest allows hrefs of at most 100 characters. Java's names stay within that for titles of 80 BMP
  // characters, but an astral character becomes two, so a long title of emoji would make the manifest invalid:
  // such names are cut (the document's title in the manifest is unchanged).
  const safe = fileNameSafe(title).slice(0, MAX_HREF_LENGTH - `0000_.${extension}`.length);
  return `${String(index).padStart(4, '0')}_${safe}.${extension}`;
}

/** The manifest's limit on a document's `href`. */
export const MAX_HREF_LENGTH = 100;
