import type { Environment } from '../core/environment.js';
import type { FaultInjector } from './faults.js';

export interface SimulatorOrganization {
  organizationNumber: string;
  name?: string;
  /** Public-sector senders may use notifications-using-lookup (KRR). Default true. */
  publicSector?: boolean;
  /** Organisations this one may act for as a broker. */
  brokerFor?: string[];
}

export interface SimulatorOptions {
  /** 0 (default) = a free port on 127.0.0.1. */
  port?: number;
  /** Default: one public-sector organisation 123456789. */
  organizations?: SimulatorOrganization[];
  /** After a 204 the queue is blocked this long (X-Next-permitted-poll-time). Default 600, production's (protocol §9.6). */
  emptyQueueDelaySeconds?: number;
  /** An unconfirmed fetched change comes back after this. Default 600, production's 10 minutes (protocol §9.6). */
  redeliverAfterSeconds?: number;
  /** delete-documents-url is offered this long after completion. Default 86400, production's 24 h (protocol §9.4). */
  deletableAfterSeconds?: number;
  /**
   * Production's DoSFilter, per organisation: more than `maxRequestsPerSecond` requests in a second → 429 for
   * `blockSeconds` (protocol §9.1). Default { maxRequestsPerSecond: 10, blockSeconds: 30 }; a number sets the
   * requests per second (30 s block); false turns it off.
   */
  rateLimit?: number | { maxRequestsPerSecond: number; blockSeconds: number } | false;
  /** How far XAdES SigningTime may be from this machine's real clock. Default 5, the documented ±5 s (protocol §3.3). */
  signingTimeToleranceSeconds?: number;
  /** Default true; false skips the XSD and ASiC-E checks (benchmarks). */
  verifyUploads?: boolean;
  /** Default 1n. */
  firstJobId?: bigint;
  /** Status answered to confirm. Default 204. */
  confirmStatus?: 200 | 204;
  /** Base clock; advanceTime adds to it. */
  now?: () => Date;
  /** The organisation number in the server certificate. Default Posten's 984661185; anything else must be refused by clients. */
  serverOrganizationNumber?: string;
}

export interface SimulatedSignerView {
  /** PIN, custom identifier, e-mail or mobile number: what sign()/reject() accept. */
  identifier: string;
  personalIdentificationNumber?: string;
  customIdentifier?: string;
  email?: string;
  mobile?: string;
  order: number;
  status: string;
  since: Date;
}

export interface SimulatedJobView {
  id: string;
  flow: 'direct' | 'portal';
  organizationNumber: string;
  status: 'IN_PROGRESS' | 'COMPLETED_SUCCESSFULLY' | 'FAILED';
  reference?: string;
  /** '' = the default queue. */
  pollingQueue: string;
  title: string;
  activationTime: Date;
  signers: SimulatedSignerView[];
  documents: { href: string; mime: string; title: string; bytes: Uint8Array }[];
  manifestXml: string;
  requestXml: string;
  documentsDeleted: boolean;
  confirmed: boolean;
}

/** Where `enqueueStatusChange` puts a change. */
export interface EnqueueStatusChangeOptions {
  /** The polling queue's name; default the default queue (''). */
  queue?: string;
  /** Default: read from the root element (`direct-…` or `portal-…`); needed when the XML does not say. */
  flow?: 'direct' | 'portal';
  /** Default: the first organisation. */
  organizationNumber?: string;
}

/** A change put on a queue with `enqueueStatusChange`, to follow its deliveries and confirmation. */
export interface EnqueuedStatusChange {
  /** `raw-N`: never a job id. */
  readonly id: string;
  /** The URL that confirms this change; a client's `confirm()` on it removes it from the queue. */
  readonly confirmationUrl: string;
  /** How many times a poll has delivered it. */
  readonly deliveries: number;
  readonly confirmed: boolean;
}

export interface SignerActionResult {
  exitUrl?: string;
  statusQueryToken?: string;
}

export interface Simulator {
  /** https://127.0.0.1:<port> */
  readonly url: string;
  /** Environment.custom({ url, trustedCertificates: [CA PEM], name: 'simulator' }) */
  readonly environment: Environment;
  /** The first organisation. */
  readonly organizationNumber: string;
  readonly senderCertificate: { pkcs12: Uint8Array; password: string };
  /** PEM key and certificate chain (leaf + intermediate). */
  readonly senderCertificatePem: { key: string; cert: string };
  /**
   * Credentials of an organisation, issued by the simulator's sender CA. `{ renewal: true }` gives a second
   * certificate of the same organisation with its own key, as after a renewal: the simulator accepts a job signed
   * with one and sent over TLS with the other.
   */
  certificateFor(organizationNumber: string, options?: { renewal?: boolean }): { pkcs12: Uint8Array; password: string; key: string; cert: string };
  /** The dashboard: jobs, queues and the last requests, with controls (`${url}/web/dashboard`). */
  readonly dashboardUrl: string;
  readonly caCertificatePem: string;
  /** signer = PIN, custom id, e-mail or mobile number. */
  sign(jobId: string | bigint, signer: string): Promise<SignerActionResult>;
  reject(jobId: string | bigint, signer: string): Promise<SignerActionResult>;
  /** RESERVED, BLOCKED, CONTACT_INFORMATION_MISSING, SIGNERS_NAME_NOT_AVAILABLE, or an unknown status string. */
  setSignerStatus(jobId: string | bigint, signer: string, status: string): Promise<void>;
  expire(jobId: string | bigint): Promise<void>;
  advanceTime(ms: number): void;
  now(): Date;
  readonly faults: FaultInjector;
  readonly stats: {
    readonly requests: number;
    readonly polls: number;
    readonly pollsBeforePermittedTime: number;
    readonly creates: number;
    /**
     * Per organisation number (the client certificate's): the most API requests that arrived within any 1000 ms,
     * to check that a client, or a fleet of them, stays within the API's 10 a second.
     */
    readonly peakRequestsPerSecond: Readonly<Record<string, number>>;
  };
  job(jobId: string | bigint): SimulatedJobView | undefined;
  /**
   * Puts a status-change body on a queue exactly as given (nothing is checked: it may break the XSD on purpose),
   * delivered, and redelivered until confirmed after `redeliverAfterSeconds`, like a change of a real job. Pass a
   * function to write the change's own confirmation URL into it: `(c) => \`…<confirmation-url>${c.confirmationUrl}</confirmation-url>…\``.
   */
  enqueueStatusChange(xml: string | ((change: { confirmationUrl: string }) => string), options?: EnqueueStatusChangeOptions): EnqueuedStatusChange;
  close(): Promise<void>;
}
