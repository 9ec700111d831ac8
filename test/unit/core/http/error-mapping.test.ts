import { describe, expect, it } from 'vitest';
import {
  BrokerNotAuthorizedError,
  InvalidStatusQueryTokenError,
  JobCannotBeCancelledError,
  NotAuthorizedError,
  SigningCeremonyNotCompletedError,
  TooEagerPollingError,
  UnexpectedResponseError,
} from '../../../../src/errors/index.js';
import { fakePipeline, URL_ } from '../../../helpers/fake-fetch.js';

const errorDoc = (code: string, message = 'msg', prefix = 'ns2'): string =>
  `<?xml version="1.0" encoding="UTF-8"?><${prefix}:error xmlns:${prefix}="http://signering.posten.no/schema/v1">` +
  `<${prefix}:error-code>${code}</${prefix}:error-code><${prefix}:error-message>${message}</${prefix}:error-message>` +
  `<${prefix}:error-type>CLIENT</${prefix}:error-type></${prefix}:error>`;

const xml = (status: number, body: string, headers: Record<string, string> = {}): Response =>
  new Response(body, { status, headers: { 'content-type': 'application/xml', ...headers } });

async function failure(response: () => Response, extra: Partial<Parameters<ReturnType<typeof fakePipeline>['pipeline']['send']>[0]> = {}): Promise<unknown> {
  const { pipeline } = fakePipeline(() => response(), { clock: () => new Date('2026-01-01T00:00:00Z') });
  return pipeline.send({ method: 'GET', url: URL_, operation: 'poll', idempotent: false, ...extra }).catch((e: unknown) => e);
}

describe('error mapping', () => {
  it('treats any 2xx as success and exposes status, headers, body and the server date', async () => {
    for (const status of [200, 201, 202, 204]) {
      const { pipeline } = fakePipeline(
        () =>
          new Response(status === 204 ? null : '<x/>', {
            status,
            headers: { date: 'Wed, 21 Oct 2026 07:28:00 GMT', 'X-Next-permitted-poll-time': '2026-10-21T09:38:00+02:00' },
          }),
      );
      const res = await pipeline.send({ method: 'GET', url: URL_, operation: 'poll', idempotent: true });
      expect(res.status).toBe(status);
      expect(res.serverDate?.toISOString()).toBe('2026-10-21T07:28:00.000Z');
      expect(res.headers.get('x-next-permitted-poll-time')).toBe('2026-10-21T09:38:00+02:00');
    }
  });

  it.each([
    ['BROKER_NOT_AUTHORIZED', 400, BrokerNotAuthorizedError],
    ['NOT_AUTHORIZED', 403, NotAuthorizedError],
    ['INVALID_STATUS_QUERY_TOKEN', 403, InvalidStatusQueryTokenError],
    ['SIGNING_CEREMONY_NOT_COMPLETED', 404, SigningCeremonyNotCompletedError],
  ] as const)('maps %s to its own class', async (code, status, Class) => {
    const err = await failure(() => xml(status, errorDoc(code, 'nope', 'p')));
    expect(err).toBeInstanceOf(Class);
    expect(err).toMatchObject({ status, errorCode: code, errorMessage: 'nope', errorType: 'CLIENT' });
  });

  it('reads the error document with any prefix or none', async () => {
    const plain =
      '<error xmlns="http://signering.posten.no/schema/v1"><error-code>SCHEMA_VALIDATION_ERROR</error-code><error-message>bad</error-message><error-type>CLIENT</error-type></error>';
    const err = await failure(() => xml(400, plain));
    expect(err).toBeInstanceOf(UnexpectedResponseError);
    expect(err).toMatchObject({ status: 400, errorCode: 'SCHEMA_VALIDATION_ERROR', errorMessage: 'bad', errorType: 'CLIENT' });
  });

  it('uses errorForStatus for statuses the caller gives a meaning (409 on cancel)', async () => {
    const err = await failure(() => xml(409, errorDoc('JOB_COMPLETED', 'done')), { method: 'POST', errorForStatus: { 409: JobCannotBeCancelledError } });
    expect(err).toBeInstanceOf(JobCannotBeCancelledError);
    expect(err).toMatchObject({ status: 409, errorCode: 'JOB_COMPLETED', errorMessage: 'done' });
    const empty = await failure(() => new Response(null, { status: 409 }), { errorForStatus: { 409: JobCannotBeCancelledError } });
    expect(empty).toBeInstanceOf(JobCannotBeCancelledError);
  });

  it('gives an HTML page from a proxy as a short, masked rawBody', async () => {
    const html = `<!DOCTYPE html><html><body><h1>Bad gateway</h1><p>signer 01017012345</p>${'x'.repeat(5000)}</body></html>`;
    const err = (await failure(() => new Response(html, { status: 502, headers: { 'content-type': 'text/html' } }))) as UnexpectedResponseError;
    expect(err).toBeInstanceOf(UnexpectedResponseError);
    expect(err.errorCode).toBeUndefined();
    expect(err.rawBody?.length).toBeLessThanOrEqual(500);
    expect(err.rawBody).toContain('Bad gateway');
    expect(err.rawBody).toContain('010170*****');
    expect(err.message).not.toContain('01017012345');
  });

  it('refuses a DOCTYPE in an error document (no entity expansion) and reports it raw', async () => {
    const evil = '<?xml version="1.0"?><!DOCTYPE error [<!ENTITY x "BOOM">]><error><error-code>&x;</error-code></error>';
    const err = (await failure(() => xml(400, evil))) as UnexpectedResponseError;
    expect(err).toBeInstanceOf(UnexpectedResponseError);
    expect(err.errorCode).toBeUndefined();
    expect(err.rawBody).toContain('DOCTYPE');
  });

  it('handles an empty error body', async () => {
    const err = (await failure(() => new Response(null, { status: 500 }))) as UnexpectedResponseError;
    expect(err).toBeInstanceOf(UnexpectedResponseError);
    expect(err.status).toBe(500);
    expect(err.rawBody).toBeUndefined();
  });

  it('masks national identity numbers in error messages', async () => {
    const err = (await failure(() => xml(400, errorDoc('SCHEMA_VALIDATION_ERROR', 'signer 01017012345 is invalid')))) as UnexpectedResponseError;
    expect(err.errorMessage).toBe('signer 010170***** is invalid');
    expect(err.message).not.toContain('01017012345');
  });

  it('masks identity numbers however written in the error-message the server sent', async () => {
    const err = (await failure(() =>
      xml(400, errorDoc('SCHEMA_VALIDATION_ERROR', 'signers 010170 12345 and 010170-12346 are invalid')),
    )) as UnexpectedResponseError;
    expect(err.errorMessage).toBe('signers 010170 ***** and 010170-***** are invalid');
    expect(err.message).not.toMatch(/12345|12346/);
  });

  it('takes an error document only in the API namespace', async () => {
    const err = (await failure(() =>
      xml(400, '<error><error-code>X</error-code><error-message>m</error-message><error-type>CLIENT</error-type></error>'),
    )) as UnexpectedResponseError;
    expect(err.errorCode).toBeUndefined();
    expect(err.rawBody).toContain('<error>');
  });

  it('maps 429 with X-Next-permitted-poll-time to TooEagerPollingError at that time', async () => {
    const err = (await failure(() => xml(429, '', { 'X-Next-permitted-poll-time': '2026-01-01T01:10:00.500+01:00' }))) as TooEagerPollingError;
    expect(err).toBeInstanceOf(TooEagerPollingError);
    expect(err.nextPermittedPollTime.toISOString()).toBe('2026-01-01T00:10:00.500Z');
    expect(err.blockedByRateLimiter).toBe(false);
  });

  it('maps 429 from the rate limiter (DoSFilter) to now + dosFilterBlockingMs', async () => {
    const { pipeline } = fakePipeline(() => new Response(null, { status: 429, headers: { DoSFilter: 'unavailable' } }), {
      clock: () => new Date('2026-01-01T00:00:00Z'),
      dosFilterBlockingMs: 45_000,
    });
    const err = (await pipeline.send({ method: 'GET', url: URL_, operation: 'poll', idempotent: true }).catch((e: unknown) => e)) as TooEagerPollingError;
    expect(err).toBeInstanceOf(TooEagerPollingError);
    expect(err.nextPermittedPollTime.toISOString()).toBe('2026-01-01T00:00:45.000Z');
    expect(err.blockedByRateLimiter).toBe(true);
  });

  it('maps a bare 429 to now + 30 s', async () => {
    const err = (await failure(() => new Response(null, { status: 429 }))) as TooEagerPollingError;
    expect(err.nextPermittedPollTime.toISOString()).toBe('2026-01-01T00:00:30.000Z');
  });

  it('does not follow redirects (a 3xx is an error)', async () => {
    const { pipeline, calls } = fakePipeline(() => new Response(null, { status: 302, headers: { location: 'https://elsewhere.example' } }));
    await expect(pipeline.send({ method: 'GET', url: URL_, operation: 'poll', idempotent: true })).rejects.toMatchObject({ status: 302 });
    expect(calls[0]?.init.redirect).toBe('manual');
  });
});
