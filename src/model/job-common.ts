import { brand } from '../errors/brand.js';
import { ValidationError } from '../errors/index.js';
import { AuthenticationLevel, IdentifierInSignedDocuments } from './enums.js';
import { Document } from './document.js';
import { identifierKey, type SignerIdentifier } from './identifiers.js';
import { Sender } from './sender.js';
import { checkOptionalOneOf, checkOptionalText, checkText } from './text-rules.js';

/** Signers in one job, at most (the API's limit). */
export const MAX_SIGNERS = 10;
/** Documents in one job, at most (the API's limit; at least one). */
export const MAX_DOCUMENTS = 20;
/** The API's limit on the documents of one job, together. */
export const MAX_TOTAL_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Options both flows share. With several documents `title` is required; with one it defaults to its title. */
export interface JobOptions {
  /** The job's title shown to signers, 1–80 characters (manifest `title`). Required with several documents. */
  title?: string;
  /** A longer description shown to signers, up to 220 characters (manifest `description`); with one document, its message. */
  description?: string;
  /** The eID level signers must log in with; the API's default is 3. */
  authenticationLevel?: AuthenticationLevel;
  /** How signers are identified in the signed documents; the API's default depends on the signature type. */
  identifierInSignedDocuments?: IdentifierInSignedDocuments;
  /** The sender of this job; else the configuration's `globalSender`. */
  sender?: Sender;
}

/** What direct and portal jobs have in common, checked once here. */
export abstract class SignatureJob {
  static {
    brand(this, 'SignatureJob');
  }
  /** The documents to sign, 1 to {@link MAX_DOCUMENTS}. */
  readonly documents: readonly Document[];
  /** The title shown to signers (1–80 characters). */
  readonly title: string;
  /** The description shown to signers (up to 220 characters). */
  readonly description: string | undefined;
  /** Your own reference for the job (up to 50 characters, XSD `signature-job-reference`); it comes back in every status. */
  readonly reference: string | undefined;
  /** The eID level signers must log in with. */
  readonly authenticationLevel: AuthenticationLevel | undefined;
  /** How signers are identified in the signed documents. */
  readonly identifierInSignedDocuments: IdentifierInSignedDocuments | undefined;
  /** The job's own sender, if it names one. */
  readonly sender: Sender | undefined;

  protected constructor(documents: Document | readonly Document[], reference: string | undefined, options: JobOptions) {
    const common = commonJobFields(documents, reference, options);
    this.documents = common.documents;
    this.title = common.title;
    this.description = common.description;
    this.reference = common.reference;
    this.authenticationLevel = common.authenticationLevel;
    this.identifierInSignedDocuments = common.identifierInSignedDocuments;
    this.sender = common.sender;
  }
}

function commonJobFields(documents: Document | readonly Document[], reference: string | undefined, options: JobOptions) {
  const list = documents instanceof Document ? [documents] : documents;
  if (!Array.isArray(list)) throw new ValidationError('documents', 'must be a Document or an array of Documents');
  if (list.length < 1 || list.length > MAX_DOCUMENTS) {
    throw new ValidationError('documents', `a job has 1 to ${MAX_DOCUMENTS} documents, got ${list.length}`);
  }
  list.forEach((d, i) => {
    if (!(d instanceof Document)) throw new ValidationError(`documents[${i}]`, 'must be a Document');
  });
  const first = list[0] as Document;
  const title = checkText('title', options.title ?? (list.length === 1 ? first.title : undefined) ?? '', 1, 80);
  const description = checkOptionalText('description', options.description ?? (list.length === 1 ? first.message : undefined), 0, 220);
  if (options.sender !== undefined && !(options.sender instanceof Sender)) throw new ValidationError('sender', 'must be a Sender');
  return {
    documents: Object.freeze([...list]),
    title,
    description,
    reference: checkOptionalText('reference', reference, 0, 50),
    authenticationLevel: checkOptionalOneOf('authenticationLevel', options.authenticationLevel, AuthenticationLevel),
    identifierInSignedDocuments: checkOptionalOneOf('identifierInSignedDocuments', options.identifierInSignedDocuments, IdentifierInSignedDocuments),
    sender: options.sender,
  };
}

/** Checks a job's signers: 1 to {@link MAX_SIGNERS}, each of the flow's class, no signer twice. */
export function checkSigners<S extends { identifier: SignerIdentifier }>(signers: readonly S[], kind: new (...args: never[]) => S): readonly S[] {
  if (!Array.isArray(signers)) throw new ValidationError('signers', 'must be an array of signers');
  if (signers.length < 1 || signers.length > MAX_SIGNERS) {
    throw new ValidationError('signers', `a job has 1 to ${MAX_SIGNERS} signers, got ${signers.length}`);
  }
  const seen = new Set<string>();
  signers.forEach((s, i) => {
    if (!(s instanceof kind)) throw new ValidationError(`signers[${i}]`, `must be a ${kind.name}`);
    const key = identifierKey(s.identifier);
    // The status of a signer is reported by its identifier, so two signers with the same one could not be told apart.
    if (seen.has(key)) throw new ValidationError(`signers[${i}].identifier`, 'the same signer appears twice in the job');
    seen.add(key);
  });
  return Object.freeze([...signers]);
}

/** Splits the C#-style positional sender from the options object (`(…, sender, options)` or `(…, options)`). */
export function senderAndOptions<O extends JobOptions>(senderOrOptions: Sender | O | undefined, options: O | undefined): O {
  if (senderOrOptions instanceof Sender) return { ...(options ?? ({} as O)), sender: options?.sender ?? senderOrOptions };
  return { ...(senderOrOptions ?? ({} as O)), ...(options ?? {}) };
}
