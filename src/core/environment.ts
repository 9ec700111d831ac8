import { brand } from '../errors/brand.js';
import { ConfigurationError } from '../errors/index.js';
import { productionAnchors, testAnchors } from './trust-anchors.generated.js';

/** Posten Bring AS, whose enterprise certificate the API presents in every environment. */
export const POSTEN_ORGANIZATION_NUMBER = '984661185';

/** What `Environment.custom` needs: a local simulator, or a test installation. */
export interface CustomEnvironmentOptions {
  /** The API root: the part of the URL before `/api/…`, e.g. `https://127.0.0.1:8443`. */
  url: string | URL;
  /** PEM CA certificates that replace the built-in anchors. The server's chain must end in one of them. */
  trustedCertificates: readonly string[];
  /** The organisation number the server certificate must carry. Defaults to Posten's, 984661185. */
  serverOrganizationNumber?: string;
  /**
   * PEM CA certificates the organisation (sender) certificate must be issued under. Defaults to
   * `trustedCertificates`: one list for both directions, as in production and test (and the simulator, whose root
   * issues both its server and its sender certificates). Give it when the server and your certificate come from
   * different CAs, e.g. a TLS-terminating test rig in front of difitest: `Environment.test.trustedCertificates`.
   */
  trustedSenderCertificates?: readonly string[];
  /** A name for logs and error messages. */
  name?: string;
}

/**
 * Where the API is and how to recognise it. The server is trusted by its certificate chain ending in these
 * anchors and by the organisation number in its certificate, never by host name: Posten's servers present an
 * enterprise certificate, not a host name certificate.
 */
export class Environment {
  static {
    brand(this, 'Environment');
  }
  /** Production: `https://api.signering.posten.no`, trusting only the production Buypass/Commfides CAs. */
  static readonly production: Environment = new Environment(
    'production',
    'https://api.signering.posten.no',
    productionAnchors.map((a) => a.pem),
    POSTEN_ORGANIZATION_NUMBER,
    productionAnchors.map((a) => a.pem),
  );

  /** The public test environment ("difitest"), trusting only the test CAs. */
  static readonly test: Environment = new Environment(
    'test',
    'https://api.difitest.signering.posten.no',
    testAnchors.map((a) => a.pem),
    POSTEN_ORGANIZATION_NUMBER,
    testAnchors.map((a) => a.pem),
  );

  /** Any other deployment: the simulator, a proxy in a test rig, Posten's QA. */
  static custom(options: CustomEnvironmentOptions): Environment {
    const url = new URL(String(options.url));
    if (url.protocol !== 'https:') throw new ConfigurationError(`Environment url must be https, got ${url.protocol}`);
    if (!Array.isArray(options.trustedCertificates) || options.trustedCertificates.length === 0) {
      throw new ConfigurationError('Environment.custom needs at least one trusted CA certificate (PEM)');
    }
    checkPemList(options.trustedCertificates, 'trustedCertificates');
    const senderCas = options.trustedSenderCertificates ?? options.trustedCertificates;
    if (options.trustedSenderCertificates !== undefined) {
      if (!Array.isArray(options.trustedSenderCertificates) || options.trustedSenderCertificates.length === 0) {
        throw new ConfigurationError('Environment.custom trustedSenderCertificates, when given, needs at least one CA certificate (PEM)');
      }
      checkPemList(options.trustedSenderCertificates, 'trustedSenderCertificates');
    }
    const org = options.serverOrganizationNumber ?? POSTEN_ORGANIZATION_NUMBER;
    if (!/^\d{9}$/.test(org)) throw new ConfigurationError(`serverOrganizationNumber must be 9 digits, got "${org}"`);
    return new Environment(options.name ?? 'custom', url.origin, options.trustedCertificates, org, senderCas);
  }

  private constructor(
    /** `production`, `test`, or the custom name. */
    readonly name: string,
    /** The root URL without a trailing slash; API paths start with `/api/`. */
    readonly url: string,
    /** PEM certificates of the CAs the server's chain must end in. */
    readonly trustedCertificates: readonly string[],
    /** The organisation number the server certificate must carry. */
    readonly serverOrganizationNumber: string,
    /** PEM certificates of the CAs the organisation (sender) certificate must be issued under. */
    readonly trustedSenderCertificates: readonly string[],
  ) {
    // Frozen copies: nobody holding the environment (or the arrays it was made from) can add an anchor later.
    this.trustedCertificates = Object.freeze([...trustedCertificates]);
    this.trustedSenderCertificates = Object.freeze([...trustedSenderCertificates]);
    Object.freeze(this);
  }

  /** `{url}/api`: the root every API path is built on. */
  get apiRoot(): string {
    return `${this.url}/api`;
  }

  /** The environment's name and URL, for logs. */
  toString(): string {
    return `Environment(${this.name}, ${this.url})`;
  }
}

function checkPemList(list: readonly unknown[], name: string): void {
  for (const pem of list) {
    if (typeof pem !== 'string' || !pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new ConfigurationError(`Environment.custom ${name} must be PEM certificates`);
    }
  }
}

// Neither the built-in environments nor the class can be swapped or extended at run time.
Object.freeze(Environment.prototype);
Object.freeze(Environment);
