import { ResponseParseError } from '../errors/index.js';
import {
  CancellationReference,
  ConfirmationReference,
  ContactInformation,
  CustomIdentifier,
  DeleteDocumentsReference,
  DirectJobResponse,
  DirectJobStatusResponse,
  Email,
  JobStatus,
  PadesReference,
  PersonalIdentificationNumber,
  PortalJobResponse,
  PortalJobStatusChanged,
  SignerReference,
  Sms,
  XadesReference,
  type DirectSignerResponse,
  type ReportedJobStatus,
  type Signature,
} from '../model/index.js';
import { asReceived } from '../model/identifiers.js';
import { parseXsdDateTime } from './date-time.js';
import { attribute, child, children, childText, isApiElement, parseXml, text, type XmlNode } from './safe-xml.js';

// Parsers for the API's responses. Elements are matched by namespace and local name; unknown elements and
// attributes are ignored; values the XSDs type as strings (references, URLs, e-mail addresses, mobile numbers,
// signer attributes, unknown signer statuses) reach the application exactly as sent: the checks made on the
// caller's input never run on them. Whatever breaks the XSD fails as ResponseParseError, with the body.

/**
 * Runs a parser over a body; any failure becomes a `ResponseParseError` that carries the body and, when the
 * document could be read that far, its confirmation URL, so that a change can be set aside and confirmed.
 */
function reading<T>(body: string | Uint8Array, expected: string, parse: (root: XmlNode) => T): T {
  let node: XmlNode | undefined;
  try {
    node = parseXml(body).node;
    if (!isApiElement(node, expected)) {
      throw new ResponseParseError(`Expected <${expected}> in the API's namespace, got <${node.name}>${node.namespace ? ` in ${node.namespace}` : ''}`);
    }
    return parse(node);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ResponseParseError(message, { cause: error, body, confirmationReference: confirmationOf(node) });
  }
}

function confirmationOf(node: XmlNode | undefined): ConfirmationReference | undefined {
  try {
    return optional(childText(node, 'confirmation-url'), (u) => new ConfirmationReference(u));
  } catch {
    return undefined;
  }
}

function required(node: XmlNode, name: string): string {
  const value = childText(node, name);
  if (value === undefined || value === '') throw new ResponseParseError(`<${node.name}> lacks <${name}>`);
  return value;
}

function jobId(node: XmlNode): string {
  // xs:long collapses whitespace. Kept as a string: job ids would lose digits as JavaScript numbers.
  const id = required(node, 'signature-job-id').trim();
  if (!/^[-+]?[0-9]{1,19}$/.test(id) || BigInt(id) > 9223372036854775807n || BigInt(id) < -9223372036854775808n) {
    throw new ResponseParseError(`<${node.name}> has a signature-job-id that is not a number (xs:long)`);
  }
  return id.startsWith('+') ? id.slice(1) : id;
}

function jobStatus(node: XmlNode, name: string): ReportedJobStatus {
  const value = childText(node, name)?.trim();
  const known: string[] = [JobStatus.InProgress, JobStatus.CompletedSuccessfully, JobStatus.Failed];
  // Unlike a signer status, an unknown job status cannot be acted on safely, so it is an error (as in Java/.NET).
  if (value === undefined || !known.includes(value)) throw new ResponseParseError(`<${node.name}> has an unknown job status "${(value ?? '').slice(0, 60)}"`);
  return value as ReportedJobStatus;
}

/** A signer status: any string (the API says new ones will come), required. */
function signerStatus(status: XmlNode | undefined, context: string): { signatureStatus: string; since: Date } {
  if (status === undefined) throw new ResponseParseError(`<${context}> lacks <status>`);
  return { signatureStatus: (text(status) ?? '').trim(), since: parseXsdDateTime(attribute(status, 'since'), 'A status since attribute') };
}

/**
 * A URL the server handed out, or undefined when absent or empty. Whitespace around it is dropped (the API's own
 * examples wrap URLs over lines, and no URL parser keeps it); the URL itself is kept as sent.
 */
function optional<T>(value: string | undefined, make: (url: string) => T): T | undefined {
  const url = value?.replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '');
  return url === undefined || url === '' ? undefined : make(url);
}

function requiredUrl(node: XmlNode, name: string): string {
  return optional(childText(node, name), (u) => u) ?? required(node, name);
}

/** The XSD's `personal-identification-number`: exactly 11 digits, as sent. */
function pin(value: string): PersonalIdentificationNumber {
  if (!/^[0-9]{11}$/.test(value)) throw new ResponseParseError('A personal-identification-number is not 11 digits');
  return new PersonalIdentificationNumber(value);
}

function directIdentifier(node: XmlNode): PersonalIdentificationNumber | CustomIdentifier {
  const number = childText(node, 'personal-identification-number');
  const custom = childText(node, 'signer-identifier');
  if ((number === undefined) === (custom === undefined)) throw new ResponseParseError(`<${node.name}> must name its signer once`);
  return number !== undefined ? pin(number) : asReceived(() => new CustomIdentifier(custom as string));
}

/** A signer named in a status attribute: 11 digits are an identity number, anything else a custom identifier. */
function signerFromAttribute(value: string | undefined): PersonalIdentificationNumber | CustomIdentifier | undefined {
  if (value === undefined) return undefined;
  return /^[0-9]{11}$/.test(value) ? new PersonalIdentificationNumber(value) : asReceived(() => new CustomIdentifier(value));
}

function directSigner(node: XmlNode): DirectSignerResponse {
  const href = attribute(node, 'href');
  if (href === undefined) throw new ResponseParseError(`<${node.name}> lacks href`);
  return {
    identifier: directIdentifier(node),
    redirectUrl: requiredUrl(node, 'redirect-url'),
    signerUrl: new SignerReference(optional(href, (u) => u) ?? href),
  };
}

/** Reads `direct-signature-job-response`. Throws `ResponseParseError`. */
export function parseDirectJobResponse(body: string | Uint8Array): DirectJobResponse {
  return reading(body, 'direct-signature-job-response', (node) => {
    const signers = children(node, 'signer').map(directSigner);
    if (signers.length === 0) throw new ResponseParseError('<direct-signature-job-response> has no signers');
    return new DirectJobResponse(
      jobId(node),
      childText(node, 'reference'),
      optional(childText(node, 'status-url'), (u) => u),
      signers,
    );
  });
}

/** Reads `direct-signer-response`. Throws `ResponseParseError`. */
export function parseDirectSignerResponse(body: string | Uint8Array): DirectSignerResponse {
  return reading(body, 'direct-signer-response', directSigner);
}

/** Reads `direct-signature-job-status-response` (a status, or a change from the queue). Throws `ResponseParseError`. */
export function parseDirectJobStatusResponse(body: string | Uint8Array, nextPermittedPollTime?: Date): DirectJobStatusResponse {
  return reading(body, 'direct-signature-job-status-response', (node) => {
    const xades = new Map<string, string>();
    for (const x of children(node, 'xades-url')) {
      // Old single-signer responses name no signer on either element; the key '' pairs them up.
      const url = optional(text(x), (u) => u);
      if (url) xades.set(attribute(x, 'signer') ?? '', url);
    }
    const statuses = children(node, 'status');
    if (statuses.length === 0) throw new ResponseParseError(`<${node.name}> lacks <status>`);
    const signatures: Signature<PersonalIdentificationNumber | CustomIdentifier | undefined>[] = statuses.map((s) => {
      const signer = attribute(s, 'signer');
      return {
        signer: signerFromAttribute(signer),
        ...signerStatus(s, node.name),
        xadesReference: optional(xades.get(signer ?? ''), (u) => new XadesReference(u)),
      };
    });
    return new DirectJobStatusResponse(
      jobId(node),
      childText(node, 'reference'),
      jobStatus(node, 'signature-job-status'),
      signatures,
      {
        confirmation: optional(childText(node, 'confirmation-url'), (u) => new ConfirmationReference(u)),
        pades: optional(childText(node, 'pades-url'), (u) => new PadesReference(u)),
        deleteDocuments: optional(childText(node, 'delete-documents-url'), (u) => new DeleteDocumentsReference(u)),
      },
      nextPermittedPollTime,
    );
  });
}

/** Reads `portal-signature-job-response`. Throws `ResponseParseError`. */
export function parsePortalJobResponse(body: string | Uint8Array): PortalJobResponse {
  return reading(
    body,
    'portal-signature-job-response',
    (node) => new PortalJobResponse(jobId(node), childText(node, 'reference'), new CancellationReference(requiredUrl(node, 'cancellation-url'))),
  );
}

function portalSigner(node: XmlNode): PersonalIdentificationNumber | ContactInformation {
  const number = childText(node, 'personal-identification-number');
  const identifier = child(node, 'identifier');
  if ((number === undefined) === (identifier === undefined)) throw new ResponseParseError('<signature> must name its signer once');
  if (number !== undefined) return pin(number);
  const email = child(identifier, 'email');
  const sms = child(identifier, 'sms');
  const address = attribute(email, 'address');
  const mobile = attribute(sms, 'number');
  if ((email !== undefined && address === undefined) || (sms !== undefined && mobile === undefined))
    throw new ResponseParseError('<identifier> has an <email> without address or an <sms> without number');
  if (address === undefined && mobile === undefined) throw new ResponseParseError('<identifier> has neither <email> nor <sms>');
  return asReceived(
    () => new ContactInformation({ email: address === undefined ? undefined : new Email(address), sms: mobile === undefined ? undefined : new Sms(mobile) }),
  );
}

/** Reads `portal-signature-job-status-change-response`. Throws `ResponseParseError`. */
export function parsePortalJobStatusChanged(body: string | Uint8Array, nextPermittedPollTime: Date): PortalJobStatusChanged {
  return reading(body, 'portal-signature-job-status-change-response', (node) => {
    const signaturesNode = child(node, 'signatures');
    const signatures: Signature<PersonalIdentificationNumber | ContactInformation>[] = children(signaturesNode, 'signature').map((s) => ({
      signer: portalSigner(s),
      ...signerStatus(child(s, 'status'), 'signature'),
      xadesReference: optional(childText(s, 'xades-url'), (u) => new XadesReference(u)),
    }));
    if (signatures.length === 0) throw new ResponseParseError(`<${node.name}> has no <signatures>`);
    return new PortalJobStatusChanged(
      jobId(node),
      childText(node, 'reference'),
      jobStatus(node, 'status'),
      signatures,
      new ConfirmationReference(requiredUrl(node, 'confirmation-url')),
      optional(childText(node, 'cancellation-url'), (u) => new CancellationReference(u)),
      optional(childText(node, 'delete-documents-url'), (u) => new DeleteDocumentsReference(u)),
      // The PAdES URL sits inside <signatures> per the XSD; accept it at the top level too.
      optional(childText(signaturesNode, 'pades-url') ?? childText(node, 'pades-url'), (u) => new PadesReference(u)),
      nextPermittedPollTime,
    );
  });
}
