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
import { attribute, child, children, childText, parseXml, text, type XmlNode } from './safe-xml.js';

// Parsers for the API's responses. Element names are matched by local name only (the server's prefixes vary),
// unknown elements and attributes are ignored, and unknown signer statuses are kept as the strings they are.

function root(body: string | Uint8Array, expected: string): XmlNode {
  const { name, node } = parseXml(body);
  if (name !== expected) throw new ResponseParseError(`Expected <${expected}>, got <${name}>`);
  return node;
}

function required(node: XmlNode, name: string, context: string): string {
  const value = childText(node, name);
  if (value === undefined || value === '') throw new ResponseParseError(`<${context}> lacks <${name}>`);
  return value;
}

function jobId(node: XmlNode, context: string): string {
  const id = required(node, 'signature-job-id', context);
  // Kept as a string: job ids are xs:long and would lose digits as JavaScript numbers.
  if (!/^-?[0-9]{1,19}$/.test(id)) throw new ResponseParseError(`<${context}> has a signature-job-id that is not a number`);
  return id;
}

function jobStatus(value: string | undefined, context: string): ReportedJobStatus {
  const known: string[] = [JobStatus.InProgress, JobStatus.CompletedSuccessfully, JobStatus.Failed];
  // Unlike a signer status, an unknown job status cannot be acted on safely, so it is an error (as in Java/.NET).
  if (value === undefined || !known.includes(value)) throw new ResponseParseError(`<${context}> has an unknown job status "${value ?? ''}"`);
  return value as ReportedJobStatus;
}

// xs:dateTime. Date.parse alone is lenient: it reads "1" as the year 2001 and rolls 2018-02-30 over into March.
const XS_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

function date(value: string | undefined, what: string): Date {
  const m = value === undefined ? null : XS_DATE_TIME.exec(value);
  const d = m === null ? NaN : Date.parse(value as string);
  const [y, mo, day] = m === null ? [0, 0, 0] : [Number(m[1]), Number(m[2]), Number(m[3])];
  if (Number.isNaN(d) || new Date(Date.UTC(y, mo - 1, day)).getUTCDate() !== day) {
    throw new ResponseParseError(`${what} is not a date-time: "${value ?? ''}"`);
  }
  return new Date(d);
}

function optional<T>(value: string | undefined, make: (url: string) => T): T | undefined {
  return value === undefined || value === '' ? undefined : make(value);
}

function directIdentifier(node: XmlNode, context: string): PersonalIdentificationNumber | CustomIdentifier {
  const pin = childText(node, 'personal-identification-number');
  if (pin !== undefined) return new PersonalIdentificationNumber(pin);
  const custom = childText(node, 'signer-identifier');
  if (custom !== undefined) return new CustomIdentifier(custom);
  throw new ResponseParseError(`<${context}> names no signer`);
}

/** A signer named in a status attribute: 11 digits are an identity number, anything else a custom identifier. */
function signerFromAttribute(value: string | undefined): PersonalIdentificationNumber | CustomIdentifier | undefined {
  if (value === undefined) return undefined;
  return /^[0-9]{11}$/.test(value) ? new PersonalIdentificationNumber(value) : new CustomIdentifier(value);
}

export function parseDirectJobResponse(body: string | Uint8Array): DirectJobResponse {
  const node = root(body, 'direct-signature-job-response');
  const signers: DirectSignerResponse[] = children(node, 'signer').map((s) => {
    const href = attribute(s, 'href');
    const redirectUrl = childText(s, 'redirect-url');
    if (!href || !redirectUrl) throw new ResponseParseError('<signer> lacks href or redirect-url');
    return { identifier: directIdentifier(s, 'signer'), redirectUrl, signerUrl: new SignerReference(href) };
  });
  if (signers.length === 0) throw new ResponseParseError('<direct-signature-job-response> has no signers');
  return new DirectJobResponse(jobId(node, 'direct-signature-job-response'), childText(node, 'reference') || undefined, childText(node, 'status-url') || undefined, signers);
}

export function parseDirectSignerResponse(body: string | Uint8Array): DirectSignerResponse {
  const node = root(body, 'direct-signer-response');
  const href = attribute(node, 'href');
  const redirectUrl = childText(node, 'redirect-url');
  if (!href || !redirectUrl) throw new ResponseParseError('<direct-signer-response> lacks href or redirect-url');
  return { identifier: directIdentifier(node, 'direct-signer-response'), redirectUrl, signerUrl: new SignerReference(href) };
}

export function parseDirectJobStatusResponse(body: string | Uint8Array, nextPermittedPollTime?: Date): DirectJobStatusResponse {
  const context = 'direct-signature-job-status-response';
  const node = root(body, context);
  const xades = new Map<string, string>();
  for (const x of children(node, 'xades-url')) {
    const signer = attribute(x, 'signer');
    const url = text(x);
    // Old single-signer responses name no signer on either element; the key '' pairs them up.
    if (url) xades.set(signer ?? '', url);
  }
  const signatures: Signature<PersonalIdentificationNumber | CustomIdentifier | undefined>[] = children(node, 'status').map((s) => {
    const signer = attribute(s, 'signer');
    const xadesUrl = xades.get(signer ?? '');
    return {
      signer: signerFromAttribute(signer),
      signatureStatus: text(s) ?? '',
      since: date(attribute(s, 'since'), 'A status since attribute'),
      xadesReference: optional(xadesUrl, (u) => new XadesReference(u)),
    };
  });
  return new DirectJobStatusResponse(
    jobId(node, context),
    childText(node, 'reference') || undefined,
    jobStatus(childText(node, 'signature-job-status'), context),
    signatures,
    {
      confirmation: optional(childText(node, 'confirmation-url'), (u) => new ConfirmationReference(u)),
      pades: optional(childText(node, 'pades-url'), (u) => new PadesReference(u)),
      deleteDocuments: optional(childText(node, 'delete-documents-url'), (u) => new DeleteDocumentsReference(u)),
    },
    nextPermittedPollTime,
  );
}

export function parsePortalJobResponse(body: string | Uint8Array): PortalJobResponse {
  const node = root(body, 'portal-signature-job-response');
  return new PortalJobResponse(
    jobId(node, 'portal-signature-job-response'),
    childText(node, 'reference') || undefined,
    new CancellationReference(required(node, 'cancellation-url', 'portal-signature-job-response')),
  );
}

function portalSigner(node: XmlNode): PersonalIdentificationNumber | ContactInformation {
  const pin = childText(node, 'personal-identification-number');
  if (pin !== undefined) return new PersonalIdentificationNumber(pin);
  const identifier = child(node, 'identifier');
  if (identifier === undefined) throw new ResponseParseError('<signature> names no signer');
  const email = attribute(child(identifier, 'email'), 'address');
  const sms = attribute(child(identifier, 'sms'), 'number');
  return new ContactInformation({ email: email ? new Email(email) : undefined, sms: sms ? new Sms(sms) : undefined });
}

export function parsePortalJobStatusChanged(body: string | Uint8Array, nextPermittedPollTime: Date): PortalJobStatusChanged {
  const context = 'portal-signature-job-status-change-response';
  const node = root(body, context);
  const signaturesNode = child(node, 'signatures');
  const signatures: Signature<PersonalIdentificationNumber | ContactInformation>[] = children(signaturesNode, 'signature').map((s) => {
    const status = child(s, 'status');
    return {
      signer: portalSigner(s),
      signatureStatus: text(status) ?? '',
      since: date(attribute(status, 'since'), 'A status since attribute'),
      xadesReference: optional(childText(s, 'xades-url'), (u) => new XadesReference(u)),
    };
  });
  return new PortalJobStatusChanged(
    jobId(node, context),
    childText(node, 'reference') || undefined,
    jobStatus(childText(node, 'status'), context),
    signatures,
    new ConfirmationReference(required(node, 'confirmation-url', context)),
    optional(childText(node, 'cancellation-url'), (u) => new CancellationReference(u)),
    optional(childText(node, 'delete-documents-url'), (u) => new DeleteDocumentsReference(u)),
    // The PAdES URL sits inside <signatures> per the XSD; accept it at the top level too.
    optional(childText(signaturesNode, 'pades-url') ?? childText(node, 'pades-url'), (u) => new PadesReference(u)),
    nextPermittedPollTime,
  );
}
