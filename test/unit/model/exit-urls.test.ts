// Every XSD limit and business rule is enforced when the model object is constructed, with a ValidationError
// naming the field: a mistake is reported at the line that made it, not as an HTTP 400 after an upload.
import { describe, expect, it } from 'vitest';
import { ExitUrls } from '../../../src/model/index.js';
import { refused } from '../../helpers/model.js';

describe('exit URLs', () => {
  it.each(['/relative', 'example.com/x', '', 'not a url', 'ftp://example.com/x', 'javascript:alert(1)', 'mailto:a@b.no'])('refuses %j', (url) => {
    refused(() => new ExitUrls('https://example.com/ok', url, 'https://example.com/ok'), 'exitUrls.rejectionUrl');
  });

  it('refuses URLs over 500 characters and accepts 500', () => {
    const base = 'https://example.com/';
    refused(() => ExitUrls.single(base + 'x'.repeat(501 - base.length)), 'exitUrls.completionUrl');
    refused(() => new ExitUrls(base, base, base + 'x'.repeat(501 - base.length)), 'exitUrls.errorUrl');
    expect(ExitUrls.single(base + 'x'.repeat(500 - base.length)).completionUrl).toHaveLength(500);
    expect(ExitUrls.single(new URL('https://example.com/a?b=c')).errorUrl).toBe('https://example.com/a?b=c');
  });
});
