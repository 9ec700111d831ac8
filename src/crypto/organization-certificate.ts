import { CertificateError } from '../errors/index.js';
import { leafAndChain, readCertificateInput, type CertificateInput } from './certificate-input.js';
import { certificateInfo, type CertificateInfo } from './certificate-info.js';

export type { CertificateInput } from './certificate-input.js';

/**
 * A loaded organisation certificate, in the forms signing (WebCrypto) and mutual TLS need. Printing it
 * (`util.inspect`, `console.log`, `JSON.stringify`, `String()`) shows the certificate, never the key.
 */
export interface OrganizationCertificate {
  /** Unencrypted PKCS#8 DER. */
  readonly privateKeyPkcs8: Uint8Array;
  /** Unencrypted PKCS#8 PEM, for TLS. */
  readonly keyPem: string;
  /** DER, leaf first, then intermediates; self-signed roots are dropped. */
  readonly chain: Uint8Array[];
  /** Leaf + intermediates as PEM, for TLS. */
  readonly chainPem: string;
  readonly leaf: CertificateInfo;
}

/** The key lives in private fields behind getters, so no enumeration, serialisation or inspection reaches it. */
class LoadedOrganizationCertificate implements OrganizationCertificate {
  readonly #privateKeyPkcs8: Uint8Array;
  readonly #keyPem: string;

  constructor(
    privateKeyPkcs8: Uint8Array,
    keyPem: string,
    readonly chain: Uint8Array[],
    readonly chainPem: string,
    readonly leaf: CertificateInfo,
  ) {
    this.#privateKeyPkcs8 = privateKeyPkcs8;
    this.#keyPem = keyPem;
  }

  get privateKeyPkcs8(): Uint8Array {
    return this.#privateKeyPkcs8;
  }

  get keyPem(): string {
    return this.#keyPem;
  }

  toJSON(): Record<string, unknown> {
    const { subject, issuer, serialNumber, notBefore, notAfter, organizationNumber } = this.leaf;
    return { subject, issuer, serialNumber, notBefore, notAfter, organizationNumber, chainLength: this.chain.length };
  }

  toString(): string {
    return `OrganizationCertificate(${this.leaf.subject}, serial ${this.leaf.serialNumber}, valid to ${this.leaf.notAfter.toISOString()})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
    return `OrganizationCertificate ${inspect(this.toJSON(), options)}`;
  }
}

/**
 * Loads and checks the organisation certificate: the key must be RSA, have a certificate, and that certificate
 * must be valid at `now`. Throws CertificateError whose `reason` says what is wrong; messages never hold secrets.
 */
export async function loadOrganizationCertificate(input: CertificateInput, now: Date = new Date()): Promise<OrganizationCertificate> {
  const { key, certificates } = await readCertificateInput(input);
  if (key.asymmetricKeyType !== 'rsa') {
    throw new CertificateError('not-rsa', `The organisation certificate's key is ${key.asymmetricKeyType ?? 'unknown'}, but signing requires RSA`);
  }
  const { leaf, chain } = leafAndChain(key, certificates);
  const info = certificateInfo(new Uint8Array(leaf.raw));
  if (now.getTime() > info.notAfter.getTime()) {
    throw new CertificateError('expired', `The organisation certificate expired ${info.notAfter.toISOString()} (${info.subject})`);
  }
  if (now.getTime() < info.notBefore.getTime()) {
    throw new CertificateError('not-yet-valid', `The organisation certificate is not valid before ${info.notBefore.toISOString()} (${info.subject})`);
  }
  return new LoadedOrganizationCertificate(
    new Uint8Array(key.export({ type: 'pkcs8', format: 'der' })),
    key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    chain.map((c) => new Uint8Array(c.raw)),
    chain.map((c) => c.toString()).join(''),
    info,
  );
}
