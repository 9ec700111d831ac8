import { isoWithOffset } from './clock.js';
import { NS_API } from './dom.js';
import type { Job, SignerState } from './state/jobs.js';

/**
 * Response XML, written like the JAXB output of the real server: the standalone="yes" declaration, the API namespace,
 * no pretty-printing. With the exotic fault the same content comes with prefix ns4, JAXB-style extra namespace
 * declarations, and unknown elements/attributes that clients must ignore.
 */
export interface XNode {
  name: string;
  attrs?: Record<string, string | undefined>;
  children?: (XNode | string | undefined)[];
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function serialize(n: XNode, prefix: string): string {
  const name = prefix + n.name;
  const attrs = Object.entries(n.attrs ?? {})
    .filter((e): e is [string, string] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('');
  const kids = (n.children ?? [])
    .filter((c): c is XNode | string => c !== undefined)
    .map((c) => (typeof c === 'string' ? escapeXml(c) : serialize(c, prefix)))
    .join('');
  return kids ? `<${name}${attrs}>${kids}</${name}>` : `<${name}${attrs}/>`;
}

export function renderXml(root: XNode, exotic = false): string {
  if (!exotic) {
    return XML_DECLARATION + serialize({ ...root, attrs: { xmlns: NS_API, ...root.attrs } }, '');
  }
  const extended: XNode = {
    ...root,
    attrs: {
      xmlns: 'http://uri.etsi.org/01903/v1.3.2#',
      'xmlns:ns2': 'http://www.w3.org/2000/09/xmldsig#',
      'xmlns:ns3': 'http://uri.etsi.org/2918/v1.2.1#',
      'xmlns:ns4': NS_API,
      'xmlns:ext': 'urn:posten-signering-simulator:extension',
      'ext:simulated': 'true',
      ...root.attrs,
    },
    children: [...(root.children ?? []), { name: 'future-element', attrs: { 'future-attribute': 'x' }, children: ['ignore me'] }],
  };
  const xml = serialize(extended, 'ns4:');
  // A foreign-namespace element too, inserted before the closing root tag.
  const close = xml.lastIndexOf('</');
  return XML_DECLARATION + xml.slice(0, close) + '<ext:extension><ext:nested>unknown</ext:nested></ext:extension>' + xml.slice(close);
}

export function errorXml(code: string, message: string, type: 'CLIENT' | 'SERVER' = 'CLIENT'): string {
  return renderXml({
    name: 'error',
    children: [
      { name: 'error-code', children: [code] },
      { name: 'error-message', children: [message] },
      { name: 'error-type', children: [type] },
    ],
  });
}

export interface RenderContext {
  url: string;
  exotic: boolean;
  unknownStatus: string | undefined;
  deletable: boolean;
}

export function jobBase(url: string, job: Job): string {
  return `${url}/api/${job.organizationNumber}/${job.flow}/signature-jobs/${job.id}`;
}

export function redirectUrl(url: string, tokenValue: string): string {
  return `${url}/web/redirect/${tokenValue}`;
}

function signerId(s: SignerState): XNode {
  return s.pin ? { name: 'personal-identification-number', children: [s.pin] } : { name: 'signer-identifier', children: [s.customId ?? String(s.index)] };
}

function shownStatus(s: SignerState, ctx: RenderContext): string {
  return s.status === 'WAITING' && ctx.unknownStatus ? ctx.unknownStatus : s.status;
}

export function directSignerResponse(url: string, job: Job, s: SignerState, root = false): XNode {
  return {
    name: root ? 'direct-signer-response' : 'signer',
    attrs: { href: `${jobBase(url, job)}/signers/${s.index}` },
    children: [signerId(s), { name: 'redirect-url', children: [redirectUrl(url, s.redirectToken ?? '')] }],
  };
}

export function directCreateResponse(url: string, job: Job): XNode {
  return {
    name: 'direct-signature-job-response',
    children: [
      job.reference !== undefined ? { name: 'reference', children: [job.reference] } : undefined,
      { name: 'signature-job-id', children: [String(job.id)] },
      ...job.signers.map((s): XNode => ({
        name: 'redirect-url',
        attrs: { signer: s.pin ?? s.customId },
        children: [redirectUrl(url, s.redirectToken ?? '')],
      })),
      job.polling ? undefined : { name: 'status-url', children: [`${jobBase(url, job)}/status`] },
      ...job.signers.map((s) => directSignerResponse(url, job, s)),
    ],
  };
}

export function portalCreateResponse(url: string, job: Job): XNode {
  return {
    name: 'portal-signature-job-response',
    children: [
      job.reference !== undefined ? { name: 'reference', children: [job.reference] } : undefined,
      { name: 'signature-job-id', children: [String(job.id)] },
      { name: 'cancellation-url', children: [`${jobBase(url, job)}/cancel`] },
    ],
  };
}

export function directStatusResponse(job: Job, ctx: RenderContext): XNode {
  const base = jobBase(ctx.url, job);
  const label = (s: SignerState): string => s.pin ?? s.customId ?? String(s.index);
  return {
    name: 'direct-signature-job-status-response',
    children: [
      job.reference !== undefined ? { name: 'reference', children: [job.reference] } : undefined,
      { name: 'signature-job-id', children: [String(job.id)] },
      { name: 'signature-job-status', children: [job.status] },
      ...job.signers.map((s): XNode => ({
        name: 'status',
        attrs: { signer: label(s), since: isoWithOffset(s.since) },
        children: [shownStatus(s, ctx)],
      })),
      { name: 'confirmation-url', children: [`${base}/complete`] },
      ctx.deletable ? { name: 'delete-documents-url', children: [`${base}/delete-documents`] } : undefined,
      ...(job.documentsDeleted ? [] : job.signers)
        .filter((s) => s.status === 'SIGNED')
        .map((s): XNode => ({ name: 'xades-url', attrs: { signer: label(s) }, children: [`${base}/xades/${s.index}`] })),
      job.status === 'COMPLETED_SUCCESSFULLY' && !job.documentsDeleted ? { name: 'pades-url', children: [`${base}/pades`] } : undefined,
    ],
  };
}

export function portalStatusResponse(job: Job, ctx: RenderContext): XNode {
  const base = jobBase(ctx.url, job);
  const anySigned = job.signers.some((s) => s.status === 'SIGNED');
  return {
    name: 'portal-signature-job-status-change-response',
    children: [
      job.reference !== undefined ? { name: 'reference', children: [job.reference] } : undefined,
      { name: 'signature-job-id', children: [String(job.id)] },
      { name: 'status', children: [job.status] },
      { name: 'confirmation-url', children: [`${base}/complete`] },
      job.status === 'IN_PROGRESS' ? { name: 'cancellation-url', children: [`${base}/cancel`] } : undefined,
      ctx.deletable ? { name: 'delete-documents-url', children: [`${base}/delete-documents`] } : undefined,
      {
        name: 'signatures',
        children: [
          ...job.signers.map((s): XNode => ({
            name: 'signature',
            children: [
              { name: 'status', attrs: { since: isoWithOffset(s.since) }, children: [shownStatus(s, ctx)] },
              s.pin
                ? { name: 'personal-identification-number', children: [s.pin] }
                : {
                    name: 'identifier',
                    children: [
                      s.email !== undefined ? { name: 'email', attrs: { address: s.email } } : undefined,
                      s.mobile !== undefined ? { name: 'sms', attrs: { number: s.mobile } } : undefined,
                    ],
                  },
              s.status === 'SIGNED' && !job.documentsDeleted ? { name: 'xades-url', children: [`${base}/xades/${s.index}`] } : undefined,
            ],
          })),
          anySigned && !job.documentsDeleted ? { name: 'pades-url', children: [`${base}/pades`] } : undefined,
        ],
      },
    ],
  };
}
