import { brand } from '../errors/brand.js';
import { checkUrl } from './text-rules.js';

/** Where the signer's browser is sent after a direct signing ceremony; `status_query_token` is appended. */
export class ExitUrls {
  static {
    brand(this, 'ExitUrls');
  }
  /** Where the browser goes after the signer signed (XSD `url`, up to 500 characters). */
  readonly completionUrl: string;
  /** Where the browser goes after the signer rejected. */
  readonly rejectionUrl: string;
  /** Where the browser goes after an error. */
  readonly errorUrl: string;
  constructor(completionUrl: URL | string, rejectionUrl: URL | string, errorUrl: URL | string) {
    this.completionUrl = checkUrl('exitUrls.completionUrl', completionUrl);
    this.rejectionUrl = checkUrl('exitUrls.rejectionUrl', rejectionUrl);
    this.errorUrl = checkUrl('exitUrls.errorUrl', errorUrl);
    Object.freeze(this);
  }
  /** One URL for all three outcomes (the status tells them apart). */
  static single(url: URL | string): ExitUrls {
    return new ExitUrls(url, url, url);
  }
}
