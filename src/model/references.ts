// Every URL the server hands out is an opaque reference: kept verbatim, persisted as a string by the
// application, and turned back into a reference with `new XReference(url)` to act on it later.
import { brand } from '../errors/brand.js';

abstract class Reference {
  static {
    brand(this, 'Reference');
  }
  /** The URL as the server gave it (XSD `url`: at most 500 characters), verbatim. */
  readonly url: string;
  /** Wraps a URL the server gave, e.g. one the application stored. */
  constructor(url: string | URL) {
    this.url = String(url);
    Object.freeze(this);
  }
  /** The URL, for storing. */
  toString(): string {
    return this.url;
  }
  /** The URL, so that a reference serialises as a plain string. */
  toJSON(): string {
    return this.url;
  }
}

/** Confirms that a status change (or a status) has been processed. */
export class ConfirmationReference extends Reference {
  static {
    brand(this, 'ConfirmationReference');
  }
}
/** Cancels a portal job. */
export class CancellationReference extends Reference {
  static {
    brand(this, 'CancellationReference');
  }
}
/** Downloads the job's PAdES (a PDF holding the documents and signatures). */
export class PadesReference extends Reference {
  static {
    brand(this, 'PadesReference');
  }
}
/** Downloads one signer's XAdES signature. */
export class XadesReference extends Reference {
  static {
    brand(this, 'XadesReference');
  }
}
/** Deletes the job's documents at Posten. */
export class DeleteDocumentsReference extends Reference {
  static {
    brand(this, 'DeleteDocumentsReference');
  }
}
/** A direct signer's own URL, used to ask for a fresh single-use redirect URL. */
export class SignerReference extends Reference {
  static {
    brand(this, 'SignerReference');
  }
}

/** A direct job's status URL with the `status_query_token` from the exit URL appended. */
export class StatusReference extends Reference {
  static {
    brand(this, 'StatusReference');
  }
  /** Appends the token to `statusUrl`, URL-encoded and after any query the URL already has. */
  static of(statusUrl: string | URL, statusQueryToken: string): StatusReference {
    const url = new URL(String(statusUrl));
    url.searchParams.append('status_query_token', statusQueryToken);
    return new StatusReference(url.href);
  }
}

/** The direct job's status URL, to which the token from the exit URL is added. */
export class ResponseUrls {
  static {
    brand(this, 'ResponseUrls');
  }
  constructor(
    /** The status URL without a token; absent for jobs created for polling. */
    readonly statusBaseUrl: string | undefined,
  ) {
    Object.freeze(this);
  }
  /** The status reference for `statusQueryToken`. Jobs created for polling have no status URL. */
  status(statusQueryToken: string): StatusReference {
    if (this.statusBaseUrl === undefined) {
      throw new TypeError('This job has no status URL: it was created with StatusRetrievalMethod.Polling; poll with getStatusChange instead');
    }
    return StatusReference.of(this.statusBaseUrl, statusQueryToken);
  }
}
