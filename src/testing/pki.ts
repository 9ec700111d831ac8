import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/**
 * The simulator's own PKI, generated at start. Key generation is the slow part, so key pairs are cached per process
 * by role: many simulators in one test run share keys but get fresh certificates.
 */

export const POSTEN_ORG = '984661185';
export const PKCS12_PASSWORD = 'simulator';

const OID_ORGANIZATION_IDENTIFIER = '2.5.4.97';
const OID_SERIAL_NUMBER = '2.5.4.5';
const OID_COMMON_NAME = '2.5.4.3';

interface KeyPair {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  privateKeyPem: string;
}

const keyCache = new Map<string, KeyPair>();

function keyPair(role: string): KeyPair {
  const cached = keyCache.get(role);
  if (cached) return cached;
  // node:crypto generates RSA in native code (ms instead of seconds with forge's pure-JS generator).
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const fk = forge.pki.privateKeyFromPem(privateKeyPem);
  const pair: KeyPair = {
    privateKey: fk,
    publicKey: forge.pki.setRsaPublicKey(fk.n, fk.e),
    privateKeyPem,
  };
  keyCache.set(role, pair);
  return pair;
}

export interface IssuedCertificate {
  cert: forge.pki.Certificate;
  certPem: string;
  keyPem: string;
  key: forge.pki.rsa.PrivateKey;
}

type Attr = { type?: string; shortName?: string; value: string; valueTagClass?: number };

let serialCounter = 1;

function issue(options: {
  role: string;
  subject: Attr[];
  issuer?: IssuedCertificate;
  ca: boolean;
  serverAuth?: boolean;
  clientAuth?: boolean;
  ipSan?: string;
}): IssuedCertificate {
  const kp = keyPair(options.role);
  const cert = forge.pki.createCertificate();
  cert.publicKey = kp.publicKey;
  // Small serials, as asked: easy to read in logs and in X509SerialNumber.
  cert.serialNumber = (serialCounter++).toString(16).padStart(2, '0');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(now + 5 * 365 * 24 * 3600 * 1000);
  cert.setSubject(options.subject);
  cert.setIssuer(options.issuer ? options.issuer.cert.subject.attributes : options.subject);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: options.ca, critical: true },
    options.ca
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, nonRepudiation: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
  if (!options.ca) {
    extensions.push({ name: 'extKeyUsage', serverAuth: options.serverAuth ?? false, clientAuth: options.clientAuth ?? false });
  }
  if (options.ipSan) extensions.push({ name: 'subjectAltName', altNames: [{ type: 7, ip: options.ipSan }] });
  cert.setExtensions(extensions);
  cert.sign(options.issuer ? options.issuer.key : kp.privateKey, forge.md.sha256.create());
  return { cert, certPem: forge.pki.certificateToPem(cert), keyPem: kp.privateKeyPem, key: kp.privateKey };
}

function utf8(type: string, value: string): Attr {
  return { type, value, valueTagClass: forge.asn1.Type.UTF8 };
}

export interface SenderCredentials {
  organizationNumber: string;
  pkcs12: Uint8Array;
  password: string;
  /** PEM private key. */
  key: string;
  /** PEM leaf followed by the sender intermediate CA. */
  cert: string;
  leafPem: string;
}

export interface SimulatorPki {
  ca: IssuedCertificate;
  senderCa: IssuedCertificate;
  signerCa: IssuedCertificate;
  /** The signer key used for the simulated XAdES artefacts. */
  signerLeaf: IssuedCertificate;
  server: IssuedCertificate;
  serverChainPem: string;
  senders: Map<string, SenderCredentials>;
  /** A server certificate for another organisation, for the wrong-server-organisation fault. */
  serverCertificateFor(organizationNumber: string): { key: string; cert: string };
  /** `renewal`: a second certificate of the same organisation, with its own key (as after a renewal). */
  senderFor(organizationNumber: string, renewal?: boolean): SenderCredentials;
}

export function createPki(organizations: readonly string[], serverOrganizationNumber: string = POSTEN_ORG): SimulatorPki {
  const ca = issue({
    role: 'ca',
    subject: [{ shortName: 'C', value: 'NO' }, { shortName: 'O', value: 'Posten signering simulator' }, utf8(OID_COMMON_NAME, 'Simulator Root CA')],
    ca: true,
  });
  const senderCa = issue({
    role: 'sender-ca',
    subject: [{ shortName: 'C', value: 'NO' }, { shortName: 'O', value: 'Posten signering simulator' }, utf8(OID_COMMON_NAME, 'Simulator Sender CA')],
    issuer: ca,
    ca: true,
  });
  const signerCa = issue({
    role: 'signer-ca',
    subject: [{ shortName: 'C', value: 'NO' }, { shortName: 'O', value: 'Posten signering simulator' }, utf8(OID_COMMON_NAME, 'Simulator Signer CA')],
    issuer: ca,
    ca: true,
  });
  const signerLeaf = issue({
    role: 'signer-leaf',
    subject: [{ shortName: 'C', value: 'NO' }, { shortName: 'O', value: 'Posten signering simulator' }, utf8(OID_COMMON_NAME, 'Simulated signer')],
    issuer: signerCa,
    ca: false,
    clientAuth: true,
  });

  const serverFor = (org: string): IssuedCertificate =>
    issue({
      role: 'server',
      // The SEID 2 way (organizationIdentifier) plus serialNumber for clients that only know the SEID 1 way.
      subject: [
        { shortName: 'C', value: 'NO' },
        utf8(OID_ORGANIZATION_IDENTIFIER, `NTRNO-${org}`),
        { shortName: 'O', value: 'POSTEN BRING AS' },
        utf8(OID_SERIAL_NUMBER, org),
        utf8(OID_COMMON_NAME, 'Posten signering simulator'),
      ],
      issuer: ca,
      ca: false,
      serverAuth: true,
      ipSan: '127.0.0.1',
    });
  const server = serverFor(serverOrganizationNumber);

  const senders = new Map<string, SenderCredentials>();
  const senderFor = (org: string, renewal = false): SenderCredentials => {
    const cacheKey = renewal ? `${org}/renewal` : org;
    const existing = senders.get(cacheKey);
    if (existing) return existing;
    const leaf = issue({
      role: renewal ? `sender-${org}-renewal` : `sender-${org}`,
      subject: [
        { shortName: 'C', value: 'NO' },
        utf8(OID_ORGANIZATION_IDENTIFIER, `NTRNO-${org}`),
        { shortName: 'O', value: `Simulated sender ${org}` },
        utf8(OID_SERIAL_NUMBER, org),
        utf8(OID_COMMON_NAME, `Simulated sender ${org}`),
      ],
      issuer: senderCa,
      ca: false,
      clientAuth: true,
    });
    // 3DES rather than forge's default: OpenSSL 3 (Node's tls) refuses RC2 without the legacy provider.
    const p12Asn1 = forge.pkcs12.toPkcs12Asn1(leaf.key, [leaf.cert, senderCa.cert], PKCS12_PASSWORD, {
      algorithm: '3des',
      friendlyName: `sender-${org}`,
    });
    const der = forge.asn1.toDer(p12Asn1).getBytes();
    const creds: SenderCredentials = {
      organizationNumber: org,
      pkcs12: new Uint8Array(Buffer.from(der, 'binary')),
      password: PKCS12_PASSWORD,
      key: leaf.keyPem,
      cert: leaf.certPem + senderCa.certPem,
      leafPem: leaf.certPem,
    };
    senders.set(cacheKey, creds);
    return creds;
  };
  for (const org of organizations) senderFor(org);

  return {
    ca,
    senderCa,
    signerCa,
    signerLeaf,
    server,
    serverChainPem: server.certPem + ca.certPem,
    senders,
    senderFor,
    serverCertificateFor(org: string) {
      const s = serverFor(org);
      return { key: s.keyPem, cert: s.certPem + ca.certPem };
    },
  };
}

/**
 * The organisation number in a certificate subject, with the precedence of Java's certificate-validator:
 * organizationIdentifier `NTRNO-<9 digits>` → serialNumber of 9 digits → CN starting with 9 digits.
 */
export function organizationNumberOf(der: Uint8Array): string | undefined {
  const cert = forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(der).toString('binary')));
  const attrs = cert.subject.attributes as { type?: string; value?: unknown }[];
  const values = (oid: string): string[] => attrs.filter((a) => a.type === oid && typeof a.value === 'string').map((a) => a.value as string);
  for (const v of values(OID_ORGANIZATION_IDENTIFIER)) {
    const m = /^(?:NTRNO-)?(\d{9})$/i.exec(v);
    if (m?.[1]) return m[1];
  }
  for (const v of values(OID_SERIAL_NUMBER)) {
    if (/^\d{9}$/.test(v)) return v;
  }
  for (const v of values(OID_COMMON_NAME)) {
    const m = /^(\d{9})(?:[^0-9].*)?$/.exec(v);
    if (m?.[1]) return m[1];
  }
  return undefined;
}
