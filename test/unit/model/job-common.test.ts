// Every XSD limit and business rule is enforced when the model object is constructed, with a ValidationError
// naming the field: a mistake is reported at the line that made it, not as an HTTP 400 after an upload.
import { describe, expect, it } from 'vitest';
import { CustomIdentifier, Email, ExitUrls, PollingQueue, PortalJob } from '../../../src/model/index.js';
import { pdf, pSigner, direct, portal, refused } from '../../helpers/model.js';

describe('documents and job texts', () => {
  it('a job has 1 to 20 documents', () => {
    refused(() => direct({ docs: [], title: 't' }), 'documents');
    refused(() => direct({ docs: Array.from({ length: 21 }, () => pdf()), title: 't' }), 'documents');
    expect(direct({ docs: Array.from({ length: 20 }, () => pdf()), title: 't' }).documents).toHaveLength(20);
  });

  it('titles are 1 to 80 characters, counted in characters', () => {
    refused(() => pdf(''), 'document.title');
    refused(() => pdf('t'.repeat(81)), 'document.title');
    refused(() => direct({ docs: [pdf(), pdf()], title: '' }), 'title');
    refused(() => direct({ docs: [pdf(), pdf()] }), 'title'); // several documents: the job needs its own title
    refused(() => direct({ title: 't'.repeat(81) }), 'title');
    expect(direct({ title: 'æ'.repeat(80), docs: [pdf('æ'.repeat(80))] }).title).toBe('æ'.repeat(80));
    expect(pdf('𝔸'.repeat(80)).title).toHaveLength(160);
  });

  it('descriptions are at most 220 characters', () => {
    refused(() => direct({ description: 'd'.repeat(221) }), 'description');
    refused(() => pdf('t', 'd'.repeat(221)), 'document.message');
    expect(direct({ description: 'ø'.repeat(220) }).description).toHaveLength(220);
  });

  it('nonSensitiveTitle is 1 to 80 characters', () => {
    refused(() => portal({ nonSensitiveTitle: 'n'.repeat(81) }), 'nonSensitiveTitle');
    refused(() => portal({ nonSensitiveTitle: '' }), 'nonSensitiveTitle');
    expect(portal({ nonSensitiveTitle: 'n'.repeat(80) }).nonSensitiveTitle).toHaveLength(80);
  });

  it('references are at most 50 characters', () => {
    refused(() => direct({ reference: 'r'.repeat(51) }), 'reference');
    refused(() => new PortalJob(pdf(), [pSigner()], 'r'.repeat(51)), 'reference');
    expect(direct({ reference: 'å'.repeat(50) }).reference).toHaveLength(50);
  });

  it.each([
    ['a C0 control character', 'a\u0001b'],
    ['NUL', '\u0000'],
    ['form feed', 'a\fb'],
    ['a lone high surrogate', 'a\uD800b'],
    ['a lone low surrogate', 'a\uDC00b'],
    ['a trailing high surrogate', 'ab\uD83D'],
    ['reversed surrogates', '\uDE00\uD83D'],
    ['U+FFFE', 'a\uFFFE'],
    ['U+FFFF', '\uFFFF'],
  ])('refuses %s in any text field', (_name, bad) => {
    refused(() => pdf(bad), 'document.title');
    refused(() => pdf('t', bad), 'document.message');
    refused(() => direct({ title: bad }), 'title');
    refused(() => direct({ description: bad }), 'description');
    refused(() => direct({ reference: bad }), 'reference');
    refused(() => portal({ nonSensitiveTitle: bad }), 'nonSensitiveTitle');
    refused(() => new CustomIdentifier(bad), 'customIdentifier');
    refused(() => new PollingQueue(bad), 'pollingQueue');
    refused(() => new Email(`a${bad}@b.no`), 'email');
    refused(() => ExitUrls.single(`https://example.com/${bad}`), 'exitUrls.completionUrl');
  });

  it('accepts tab, newline, carriage return and astral characters in text', () => {
    expect(direct({ title: 'a\tb\nc\rd 😀', description: 'e\r\nf' }).title).toBe('a\tb\nc\rd 😀');
  });
});
