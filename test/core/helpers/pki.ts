import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/** A test PKI: a CA for servers, a CA for clients (also used as the "other" CA), and certificates from both. */
export interface Issued {
  keyPem: string;
  certPem: string;
}

const { pki, md } = forge;

function rsaKey(): { forgeKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey; pem: string } {
  // node:crypto generates keys fast; forge only signs.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
  return { forgeKey, publicKey: pki.setRsaPublicKey(forgeKey.n, forgeKey.e), pem };
}

let serial = 1;

function issue(options: {
  subject: forge.pki.CertificateField[];
  issuer?: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey };
  ca?: boolean;
  notBefore?: Date;
  notAfter?: Date;
  clientAuth?: boolean;
}): Issued & { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  const k = rsaKey();
  const cert = pki.createCertificate();
  cert.publicKey = k.publicKey;
  cert.serialNumber = (0x1000 + serial++).toString(16).padStart(4, '0');
  cert.validity.notBefore = options.notBefore ?? new Date(Date.now() - 24 * 3600_000);
  cert.validity.notAfter = options.notAfter ?? new Date(Date.now() + 365 * 24 * 3600_000);
  cert.setSubject(options.subject);
  cert.setIssuer(options.issuer ? options.issuer.cert.subject.attributes : options.subject);
  const extensions: object[] = [{ name: 'basicConstraints', cA: options.ca === true, critical: true }];
  if (options.ca) extensions.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true });
  else {
    extensions.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true });
    extensions.push({ name: 'extKeyUsage', serverAuth: !options.clientAuth, clientAuth: options.clientAuth === true });
  }
  cert.setExtensions(extensions);
  cert.sign(options.issuer?.key ?? k.forgeKey, md.sha256.create());
  return { cert, key: k.forgeKey, keyPem: k.pem, certPem: pki.certificateToPem(cert) };
}

const orgId = (org: string): forge.pki.CertificateField => ({ type: '2.5.4.97', value: `NTRNO-${org}` });

export interface TestPki {
  serverCa: Issued;
  /** Issues the client certificate; also the "other CA" a wrong server is signed by. */
  clientCa: Issued;
  /** CN without a host name: host name verification would refuse it. Organisation 984661185. */
  server: Issued;
  serverWrongOrg: Issued;
  serverOtherCa: Issued;
  serverExpired: Issued;
  client: Issued;
  /** The client leaf followed by its CA, as a customer's p12 would give it. */
  clientChainPem: string;
}

let cached: TestPki | undefined;
let serverCaIssuer: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } | undefined;

/** A server certificate with exactly this subject, issued by the trusted server CA (for identity-rule cases). */
export function serverCertificateWithSubject(subject: forge.pki.CertificateField[]): Issued {
  testPki();
  return issue({ subject, issuer: serverCaIssuer as NonNullable<typeof serverCaIssuer> });
}

export function testPki(): TestPki {
  if (cached) return cached;
  const serverCa = issue({ subject: [{ name: 'commonName', value: 'Test Server Root CA' }], ca: true });
  const clientCa = issue({ subject: [{ name: 'commonName', value: 'Test Client CA' }], ca: true });
  serverCaIssuer = serverCa;
  const posten = (org: string): forge.pki.CertificateField[] => [
    { name: 'countryName', value: 'NO' },
    { name: 'organizationName', value: 'POSTEN NORGE AS' },
    orgId(org),
    { name: 'commonName', value: 'POSTEN NORGE AS TEST' },
  ];
  const server = issue({ subject: posten('984661185'), issuer: serverCa });
  const serverWrongOrg = issue({ subject: posten('999888777'), issuer: serverCa });
  const serverOtherCa = issue({ subject: posten('984661185'), issuer: clientCa });
  const serverExpired = issue({
    subject: posten('984661185'),
    issuer: serverCa,
    notBefore: new Date(Date.now() - 3 * 365 * 24 * 3600_000),
    notAfter: new Date(Date.now() - 30 * 24 * 3600_000),
  });
  const client = issue({
    subject: [
      { name: 'countryName', value: 'NO' },
      { name: 'organizationName', value: 'ACME AS' },
      { name: 'serialNumber', value: '123456789' },
      { name: 'commonName', value: 'ACME AS' },
    ],
    issuer: clientCa,
    clientAuth: true,
  });
  cached = {
    serverCa,
    clientCa,
    server,
    serverWrongOrg,
    serverOtherCa,
    serverExpired,
    client,
    clientChainPem: client.certPem + clientCa.certPem,
  };
  return cached;
}
