import { createPrivateKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Environment } from '../core/environment.js';
import { checkSenderCertificateFits, EXPIRY_WARNING_DAYS } from '../core/sender-certificate.js';
import { issuedUnder } from '../crypto/certificate-chain.js';
import { certificateInfo, type CertificateInfo } from '../crypto/certificate-info.js';
import { leafAndChain, readCertificateInput, type CertificateInput } from '../crypto/certificate-input.js';
import { keyUsagesOf, PURPOSE } from '../crypto/key-usage.js';
import { Pkcs12PasswordError, pkcs12Format, readPkcs12 } from '../crypto/pkcs12.js';
import { CertificateError } from '../errors/index.js';

/** One line of the doctor's report. */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** What the offline checks leave for the live ones: the certificate as the SDK takes it, when it opened. */
export interface CertificateFindings {
  checks: DoctorCheck[];
  input: CertificateInput | undefined;
  organizationNumber: string | undefined;
  /** Whether every offline check passed. */
  ok: boolean;
}

const DAY_MS = 86_400_000;
const MIN_RSA_BITS = 2048;

/**
 * The checks that need no network: the file reads, the password opens it (and in which format), the key (RSA of
 * at least 2048 bits, matching the certificate), validity, the organisation number, the issuer against the
 * environment, and key usage for signing and TLS client authentication. A check that cannot run because an
 * earlier one failed fails too, saying which.
 */
export async function certificateChecks(file: string, password: string | undefined, environment: Environment, now: Date): Promise<CertificateFindings> {
  const checks: DoctorCheck[] = [];
  const pass = (name: string, detail: string): void => void checks.push({ name, ok: true, detail });
  const fail = (name: string, detail: string): void => void checks.push({ name, ok: false, detail });
  const later = ['key', 'validity', 'organization-number', 'issuer', 'key-usage'];
  const skipRest = (from: string[], why: string): CertificateFindings => {
    for (const name of from) fail(name, `not checked: ${why}`);
    return { checks, input: undefined, organizationNumber: undefined, ok: false };
  };

  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
    pass('file', `read ${bytes.byteLength} bytes from ${file}`);
  } catch (e) {
    fail('file', `cannot read ${file} (${(e as Error).message}): give the path of the organisation certificate (.p12) with --certificate`);
    return skipRest(['password', ...later], 'the file could not be read');
  }

  const text = Buffer.from(bytes).toString('latin1');
  const isPem = text.includes('-----BEGIN');
  let input: CertificateInput;
  let key: KeyObject | undefined;
  let certificates: Uint8Array[];
  if (isPem) {
    input = { key: text, cert: text, ...(password === undefined ? {} : { passphrase: password }) };
    try {
      const opened = await readCertificateInput(input);
      key = opened.key;
      certificates = opened.certificates;
      pass('password', /ENCRYPTED/.test(text) ? 'opens the encrypted PEM key' : 'PEM file with an unencrypted key: no password needed (keep the file private)');
    } catch (e) {
      const reason = e instanceof CertificateError ? e.reason : undefined;
      if (reason === 'wrong-password') fail('password', `${(e as Error).message}: ${passwordHint(password)}`);
      else fail('password', `the PEM file cannot be used (${(e as Error).message}): it must hold the private key and the certificate`);
      return skipRest(later, 'the file did not open');
    }
  } else {
    if (password === undefined) {
      fail('password', `no password: ${passwordHint(password)}`);
      return skipRest(later, 'no password to open the file');
    }
    let contents;
    try {
      contents = readPkcs12(bytes, password);
    } catch (e) {
      if (e instanceof Pkcs12PasswordError) fail('password', `the password does not open ${file} (${e.message}): ${passwordHint(password)}`);
      else fail('password', `${file} is not a PKCS#12 file this SDK can read (${(e as Error).message}): export the certificate with its key as .p12`);
      return skipRest(later, 'the file did not open');
    }
    input = { pkcs12: bytes, password };
    const format = pkcs12Format(contents);
    const algorithms = `${contents.encryption.join(', ') || 'no encryption'}${contents.mac ? `; MAC ${contents.mac}` : ''}`;
    pass(
      'password',
      format === 'legacy'
        ? `opens the file: legacy PKCS#12 format (${algorithms}), which this SDK reads (Node's own TLS and OpenSSL 3 need -legacy for it)`
        : `opens the file: ${format === 'modern' ? 'modern PKCS#12 format' : 'unencrypted PKCS#12'} (${algorithms})`,
    );
    certificates = contents.certificates.map((c) => c.der);
    const first = contents.keys[0];
    if (first !== undefined) {
      try {
        key = createPrivateKey({ key: Buffer.from(first.der), format: 'der', type: 'pkcs8' });
      } catch {
        key = undefined;
      }
    }
  }

  if (key === undefined) {
    fail('key', 'the file holds no (readable) private key: export the certificate again together with its private key');
    return skipRest(later.slice(1), 'no private key');
  }
  let leaf: X509Certificate;
  let chain: X509Certificate[];
  try {
    ({ leaf, chain } = leafAndChain(key, certificates));
  } catch (e) {
    fail('key', `${(e as Error).message}: the file must hold the certificate that belongs to its key`);
    return skipRest(later.slice(1), 'no certificate for the key');
  }
  const info = certificateInfo(new Uint8Array(leaf.raw));
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (key.asymmetricKeyType !== 'rsa')
    fail('key', `the key is ${key.asymmetricKeyType ?? 'unknown'}, but the API needs RSA: order an RSA enterprise certificate`);
  else if (bits === undefined || bits < MIN_RSA_BITS)
    fail('key', `the RSA key has ${bits ?? 'an unknown number of'} bits; at least ${MIN_RSA_BITS} are needed: order a new certificate`);
  else pass('key', `RSA ${bits} bits, matching the certificate (serial ${info.serialNumber})`);

  const daysLeft = Math.floor((info.notAfter.getTime() - now.getTime()) / DAY_MS);
  const period = `valid ${info.notBefore.toISOString()} to ${info.notAfter.toISOString()}`;
  if (now < info.notBefore) fail('validity', `not valid yet (${period}): check the system clock, or wait`);
  else if (now > info.notAfter) fail('validity', `expired ${info.notAfter.toISOString()} (${period}): order a new certificate from Buypass or Commfides`);
  else if (daysLeft < EXPIRY_WARNING_DAYS) pass('validity', `${period}: only ${daysLeft} day${daysLeft === 1 ? '' : 's'} left, order its renewal now`);
  else pass('validity', `${period}: ${daysLeft} days left`);

  if (info.organizationNumber === undefined) {
    fail(
      'organization-number',
      `the subject (${info.subject}) names no organisation: no organizationIdentifier NTRNO-<9 digits> and no 9-digit serialNumber. This is not an enterprise certificate (virksomhetssertifikat)`,
    );
  } else {
    pass('organization-number', `${info.organizationNumber} (${info.subject})`);
  }

  const chainDer = chain.map((c) => new Uint8Array(c.raw));
  try {
    checkSenderCertificateFits({ chain: chainDer, leaf: info }, environment);
    const anchor = issuedUnder(chainDer, environment.trustedSenderCertificates);
    pass('issuer', `issued by "${info.issuer}", under ${anchor?.anchorSubject.replace(/\n/g, ', ') ?? 'a CA'} of the "${environment.name}" environment`);
  } catch (e) {
    fail('issuer', (e as Error).message);
  }

  checks.push(keyUsageCheck(info));
  return { checks, input, organizationNumber: info.organizationNumber, ok: checks.every((c) => c.ok) };
}

function keyUsageCheck(info: CertificateInfo): DoctorCheck {
  let usages;
  try {
    usages = keyUsagesOf(info.der);
  } catch (e) {
    return { name: 'key-usage', ok: false, detail: `the key usage extensions cannot be read (${(e as Error).message})` };
  }
  const problems: string[] = [];
  if (usages.keyUsage !== undefined && !usages.keyUsage.has('digitalSignature')) {
    problems.push(
      `keyUsage is ${[...usages.keyUsage].join(', ') || 'empty'}, without digitalSignature, which signing and TLS client authentication need. ` +
        'Buypass and Commfides deliver several certificates: use the authentication one, not the signing (non-repudiation) or encryption one',
    );
  }
  const eku = usages.extendedKeyUsage;
  if (eku !== undefined && !eku.includes(PURPOSE.clientAuth) && !eku.includes(PURPOSE.any)) {
    problems.push(`extendedKeyUsage (${eku.join(', ')}) does not allow TLS client authentication (${PURPOSE.clientAuth})`);
  }
  if (problems.length > 0) return { name: 'key-usage', ok: false, detail: problems.join('; ') };
  const ku = usages.keyUsage === undefined ? 'no keyUsage restriction' : `keyUsage ${[...usages.keyUsage].join(', ')}`;
  const ek = eku === undefined ? 'no extendedKeyUsage restriction' : 'extendedKeyUsage allows TLS client authentication';
  return { name: 'key-usage', ok: true, detail: `signing and TLS client authentication allowed (${ku}; ${ek})` };
}

function passwordHint(password: string | undefined): string {
  return password === undefined
    ? 'set POSTEN_SIGNERING_CERTIFICATE_PASSWORD, or run the doctor on a terminal to be asked for it'
    : 'check POSTEN_SIGNERING_CERTIFICATE_PASSWORD (or what you typed); if the file holds several keys, they must share that password';
}
