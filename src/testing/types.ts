import type { Environment } from '../core/environment.js';
import type { FaultInjector } from './faults.js';

/** An organisation the simulator knows, with its own sender certificate. */
export interface SimulatorOrganization {
  /** Its organisation number, 9 digits. */
  organizationNumber: string;
  /** Its name, in its certificate's subject. */
  name?: string;
  /** Public-sector senders may use notifications-using-lookup (KRR). Default true. */
  publicSector?: boolean;
  /** Organisations this one may act for as a broker. */
  brokerFor?: string[];
}

/** Options of `startSimulator` (every one optional; the defaults behave like production). */
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
  rateLimit?:
    | number
    | {
        /** Requests an organisation may start in one second. */
        maxRequestsPerSecond: number;
        /** How long an organisation over the limit is answered 429. */
        blockSeconds: number;
      }
    | false;
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

/** A signer of a simulated job, as `Simulator.job()` shows it. */
export interface SimulatedSignerView {
  /** PIN, custom identifier, e-mail or mobile number: what sign()/reject() accept. */
  identifier: string;
  /** The national identity number, for a signer identified by one. */
  personalIdentificationNumber?: string;
  /** The sender's own identifier, for a direct signer identified by one. */
  customIdentifier?: string;
  /** The e-mail address the signer is identified or notified by. */
  email?: string;
  /** The mobile number the signer is identified or notified by. */
  mobile?: string;
  /** The signing order group. */
  order: number;
  /** The signer's status, as the API names it (`WAITING`, `SIGNED` …). */
  status: string;
  /** When the status last changed. */
  since: Date;
}

/** A simulated job as the simulator holds it: what the SDK sent, and its state. */
export interface SimulatedJobView {
  /** The job id the simulator gave. */
  id: string;
  /** The flow it was created in. */
  flow: 'direct' | 'portal';
  /** The sender it belongs to. */
  organizationNumber: string;
  /** The job's status. */
  status: 'IN_PROGRESS' | 'COMPLETED_SUCCESSFULLY' | 'FAILED';
  /** The job's reference, as sent. */
  reference?: string;
  /** '' = the default queue. */
  pollingQueue: string;
  /** The title from the manifest. */
  title: string;
  /** When the job became (or becomes) visible to signers. */
  activationTime: Date;
  /** Its signers. */
  signers: SimulatedSignerView[];
  /** The documents as received in the ASiC-E. */
  documents: {
    /** Its file name in the ASiC-E. */
    href: string;
    /** Its MIME type, from the manifest. */
    mime: string;
    /** Its title, from the manifest. */
    title: string;
    /** Its bytes. */
    bytes: Uint8Array;
  }[];
  /** The manifest as received. */
  manifestXml: string;
  /** The job request XML as received. */
  requestXml: string;
  /** Whether the sender deleted the documents. */
  documentsDeleted: boolean;
  /** Whether the sender confirmed the job's last status. */
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
  /** Whether a client confirmed it. */
  readonly confirmed: boolean;
}

/** What a simulated signer's action leads to. */
export interface SignerActionResult {
  /** The exit URL the browser is sent to (direct jobs), token appended. */
  exitUrl?: string;
  /** The status query token on that URL. */
  statusQueryToken?: string;
}

/** A running simulator: its address and certificates, the signers' actions, time, faults and what it received. */
export interface Simulator {
  /** https://127.0.0.1:<port> */
  readonly url: string;
  /** Environment.custom({ url, trustedCertificates: [CA PEM], name: 'simulator' }) */
  readonly environment: Environment;
  /** The first organisation. */
  readonly organizationNumber: string;
  /** The first organisation's sender certificate, as PKCS#12. */
  readonly senderCertificate: {
    /** The PKCS#12 bytes. */
    pkcs12: Uint8Array;
    /** Its password. */
    password: string;
  };
  /** PEM key and certificate chain (leaf + intermediate). */
  readonly senderCertificatePem: {
    /** The private key, PEM. */
    key: string;
    /** The leaf and its intermediate, PEM. */
    cert: string;
  };
  /**
   * Credentials of an organisation, issued by the simulator's sender CA. `{ renewal: true }` gives a second
   * certificate of the same organisation with its own key, as after a renewal: the simulator accepts a job signed
   * with one and sent over TLS with the other.
   */
  certificateFor(
    organizationNumber: string,
    options?: { renewal?: boolean },
  ): {
    /** The PKCS#12 bytes. */
    pkcs12: Uint8Array;
    /** Its password. */
    password: string;
    /** The private key, PEM. */
    key: string;
    /** The leaf and its intermediate, PEM. */
    cert: string;
  };
  /** The dashboard: jobs, queues and the last requests, with controls (`${url}/web/dashboard`). */
  readonly dashboardUrl: string;
  /** The CA every simulator certificate chains to (the environment's only anchor). */
  readonly caCertificatePem: string;
  /** signer = PIN, custom id, e-mail or mobile number. */
  sign(jobId: string | bigint, signer: string): Promise<SignerActionResult>;
  /** The signer rejects the job. */
  reject(jobId: string | bigint, signer: string): Promise<SignerActionResult>;
  /** RESERVED, BLOCKED, CONTACT_INFORMATION_MISSING, SIGNERS_NAME_NOT_AVAILABLE, or an unknown status string. */
  setSignerStatus(jobId: string | bigint, signer: string, status: string): Promise<void>;
  /** The job expires now. */
  expire(jobId: string | bigint): Promise<void>;
  /** Moves the simulator's clock forward (poll delays, expiry, deletability). */
  advanceTime(ms: number): void;
  /** The simulator's clock. */
  now(): Date;
  /** Faults to inject into the next answers (drops, failures, latency, stalls …). */
  readonly faults: FaultInjector;
  /** What it has counted, e.g. polls made before the permitted time (should stay 0). */
  readonly stats: {
    /** Requests received on the API. */
    readonly requests: number;
    /** Polls of a status queue. */
    readonly polls: number;
    /** Polls made before the queue's permitted time (a client should never make one). */
    readonly pollsBeforePermittedTime: number;
    /** Jobs created. */
    readonly creates: number;
    /**
     * Per organisation number (the client certificate's): the most API requests that arrived within any 1000 ms,
     * to check that a client, or a fleet of them, stays within the API's 10 a second.
     */
    readonly peakRequestsPerSecond: Readonly<Record<string, number>>;
  };
  /** A job as the simulator holds it. */
  job(jobId: string | bigint): SimulatedJobView | undefined;
  /**
   * Puts a status-change body on a queue exactly as given (nothing is checked: it may break the XSD on purpose),
   * delivered, and redelivered until confirmed after `redeliverAfterSeconds`, like a change of a real job. Pass a
   * function to write the change's own confirmation URL into it: `(c) => \`…<confirmation-url>${c.confirmationUrl}</confirmation-url>…\``.
   */
  enqueueStatusChange(xml: string | ((change: { confirmationUrl: string }) => string), options?: EnqueueStatusChangeOptions): EnqueuedStatusChange;
  /** Stops the server and its timers. */
  close(): Promise<void>;
}
