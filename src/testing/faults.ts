/**
 * Fault injection: the failures a client meets in production (slow or failing servers, dropped connections, stalled
 * downloads, new signer statuses, JAXB's arbitrary prefixes and unknown elements, a server certificate of the wrong
 * organisation), switchable per test.
 */
export interface FaultInjector {
  /** Delay every response by this many ms (0 turns it off). */
  latency(ms: number): void;
  /** The next n API requests get this status and a SERVER error body. */
  failNext(n: number, status?: number): void;
  /** The next n requests have their socket destroyed without any response. */
  dropNextConnections(n: number): void;
  /** XAdES/PAdES downloads send this many bytes of the body and then hang. */
  stallDownloads(afterBytes: number): void;
  /** Signers still WAITING are reported with this (unknown) status text instead. */
  unknownSignerStatus(status: string): void;
  /** Responses use prefix ns4 for the API namespace, extra namespace declarations, unknown elements and attributes. */
  exoticXml(enabled?: boolean): void;
  /** Swap the server certificate for one carrying another organisation number (default 987654321). */
  wrongServerOrganization(organizationNumber?: string): void;
  /** Turn every fault off (and restore the normal server certificate). */
  clear(): void;
}

export class Faults implements FaultInjector {
  latencyMs = 0;
  failRemaining = 0;
  failStatus = 503;
  dropRemaining = 0;
  stallAfterBytes: number | undefined;
  unknownStatus: string | undefined;
  exotic = false;

  constructor(private readonly setServerOrganization: (org: string | undefined) => void) {}

  latency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }
  failNext(n: number, status = 503): void {
    this.failRemaining = n;
    this.failStatus = status;
  }
  dropNextConnections(n: number): void {
    this.dropRemaining = n;
  }
  stallDownloads(afterBytes: number): void {
    this.stallAfterBytes = Math.max(0, afterBytes);
  }
  unknownSignerStatus(status: string): void {
    this.unknownStatus = status;
  }
  exoticXml(enabled = true): void {
    this.exotic = enabled;
  }
  wrongServerOrganization(organizationNumber = '987654321'): void {
    this.setServerOrganization(organizationNumber);
  }
  clear(): void {
    this.latencyMs = 0;
    this.failRemaining = 0;
    this.dropRemaining = 0;
    this.stallAfterBytes = undefined;
    this.unknownStatus = undefined;
    this.exotic = false;
    this.setServerOrganization(undefined);
  }
}
