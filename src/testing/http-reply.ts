import type { IncomingMessage } from 'node:http';
import { errorXml } from './responses.js';
import { SimulatorError } from './state/jobs.js';

/** What a route answers, before the router writes it (with the Date header and the faults applied). */
const MAX_BODY = 64 * 1024 * 1024;
export const XML = 'application/xml';

export class HttpReply {
  constructor(
    readonly status: number,
    readonly body: Buffer | string | undefined,
    readonly contentType?: string,
    readonly headers: Record<string, string> = {},
    /** Downloads are subject to the stall fault. */
    readonly download = false,
    /** The error-code of an error document, for the dashboard's request log. */
    readonly errorCode?: string,
  ) {}
}

export function xml(status: number, body: string, headers: Record<string, string> = {}): HttpReply {
  return new HttpReply(status, body, XML, headers);
}

export function error(status: number, code: string, message: string, type: 'CLIENT' | 'SERVER' = 'CLIENT'): HttpReply {
  return new HttpReply(status, errorXml(code, message, type), XML, {}, false, code);
}

export function html(status: number, body: string, headers: Record<string, string> = {}): HttpReply {
  return new HttpReply(status, body, 'text/html; charset=utf-8', { 'Cache-Control': 'no-store', ...headers });
}

export function json(status: number, value: unknown): HttpReply {
  return new HttpReply(status, JSON.stringify(value), 'application/json; charset=utf-8', { 'Cache-Control': 'no-store' });
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new SimulatorError(413, 'REQUEST_TOO_LARGE', 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** A document as the browser should show it: inline, its own media type, never sniffed into something else. */
export function documentReply(doc: { href: string; mime: string; bytes: Buffer }): HttpReply {
  const type = doc.mime === 'text/plain' ? 'text/plain; charset=utf-8' : doc.mime;
  const name = doc.href.replace(/[^\w.-]/g, '_');
  return new HttpReply(200, doc.bytes, type, {
    'Content-Disposition': `inline; filename="${name}"`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
}
