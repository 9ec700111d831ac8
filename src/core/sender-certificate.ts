import { CertificateError } from '../errors/index.js';
import { issuedUnder } from '../crypto/certificate-chain.js';
import type { OrganizationCertificate } from '../crypto/index.js';
import { Environment } from './environment.js';

/** A certificate this close to its end is warned about (once per process and certificate). */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

const warned = new Set<string>();

/**
 * Refuses an organisation certificate that does not belong to the environment: its chain must end in one of the
 * environment's `trustedSenderCertificates` (production and test: their bundled Buypass/Commfides CAs), so a test
 * certificate used against production, or the reverse, fails here with `CertificateError` reason
 * `'wrong-environment'`, before any request, instead of as a TLS alert from the server.
 */
export function checkSenderCertificateFits(certificate: Pick<OrganizationCertificate, 'chain' | 'leaf'>, environment: Environment): void {
  if (issuedUnder(certificate.chain, environment.trustedSenderCertificates) !== undefined) return;
  const other = [Environment.production, Environment.test].find(
    (e) => e.name !== environment.name && issuedUnder(certificate.chain, e.trustedSenderCertificates) !== undefined,
  );
  const hint =
    other !== undefined
      ? ` It is a certificate of the "${other.name}" environment: use Environment.${other.name}, or a certificate bought for "${environment.name}".`
      : ' Are you using a test certificate against production (or the reverse), or the wrong file (Buypass and Commfides deliver several; the authentication one is needed)?' +
        (environment.name === Environment.production.name || environment.name === Environment.test.name
          ? ''
          : ' For a custom environment whose server and sender certificates come from different CAs, give Environment.custom the sender CAs as trustedSenderCertificates.');
  throw new CertificateError(
    'wrong-environment',
    `The organisation certificate (${certificate.leaf.subject}) was issued by "${certificate.leaf.issuer}", which is not a CA of the "${environment.name}" environment.${hint}`,
  );
}

/**
 * Warns once per process and certificate when it expires within `EXPIRY_WARNING_DAYS` days: renewing an
 * enterprise certificate takes days, and an expired one stops every call.
 */
export function warnIfExpiringSoon(certificate: OrganizationCertificate, now: Date, warn: (message: string) => void): void {
  const left = certificate.leaf.notAfter.getTime() - now.getTime();
  if (left > EXPIRY_WARNING_DAYS * DAY_MS || warned.has(certificate.leaf.sha1)) return;
  warned.add(certificate.leaf.sha1);
  const days = Math.max(0, Math.floor(left / DAY_MS));
  warn(
    `The organisation certificate (${certificate.leaf.subject}, serial ${certificate.leaf.serialNumber}) expires ` +
      `${certificate.leaf.notAfter.toISOString()}, in ${days} day${days === 1 ? '' : 's'}: order its renewal now.`,
  );
}
