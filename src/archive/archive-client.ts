import { ApiClient, signalOf, type CallOptions } from '../client/api-client.js';
import type { Download } from '../core/http/download.js';
import { ValidationError } from '../errors/index.js';
import type { Sender } from '../model/index.js';

/** Downloads from Posten's long-term archive. */
export class ArchiveClient extends ApiClient {
  /** Streams the PAdES of archived document `documentId`, owned by `owner` (default: the global sender). */
  getPades(documentId: string, owner?: Sender, options?: CallOptions): Promise<Download>;
  getPades(...args: unknown[]): Promise<Download> {
    const [documentId, owner, options] = args as [string, Sender | undefined, CallOptions | undefined];
    if (typeof documentId !== 'string' || documentId.length === 0) throw new ValidationError('documentId', 'must be a non-empty string');
    const org = this.resolveSender(owner).organizationNumber;
    return this.download({
      method: 'GET',
      url: `${this.configuration.environment.apiRoot}/${org}/archive/documents/${encodeURIComponent(documentId)}/pades`,
      operation: 'get archived PAdES',
      idempotent: true,
      headers: { Accept: 'application/octet-stream, application/xml' },
      ...signalOf(options),
    });
  }
}
