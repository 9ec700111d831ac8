import { httpsRequest } from './https-request.js';

/**
 * Plays the signer's browser against the simulator's signing page: opens the redirect URL, follows it to the
 * page, submits the Sign (or Reject) form, and returns the exit URL the page sends the browser to.
 */
export async function signThroughPage(redirectUrl: string, caPem: string, action: 'sign' | 'reject' = 'sign'): Promise<URL> {
  let url = new URL(redirectUrl);
  let cookie: string | undefined;
  let html = '';
  for (let hops = 0; hops < 5; hops++) {
    const res = await httpsRequest(url, caPem, { headers: cookie ? { cookie } : {} });
    const setCookie = res.headers['set-cookie'];
    if (setCookie) cookie = (Array.isArray(setCookie) ? setCookie : [setCookie]).map((c) => c.split(';')[0]).join('; ');
    const location = res.headers.location;
    html = res.text;
    if (res.status >= 300 && res.status < 400 && typeof location === 'string') {
      url = new URL(location, url);
      continue;
    }
    if (res.status !== 200) throw new Error(`The signing page answered ${res.status}`);
    break;
  }
  const form = [...html.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) => m[1] as string).find((a) => a.endsWith(`/${action}`));
  if (!form) throw new Error(`The signing page has no ${action} form`);
  const res = await httpsRequest(new URL(form.replace(/&amp;/g, '&'), url), caPem, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': '0', ...(cookie ? { cookie } : {}) },
    body: '',
  });
  const location = res.headers.location;
  if (res.status !== 303 || typeof location !== 'string') throw new Error(`Submitting the form answered ${res.status}`);
  return new URL(location, url);
}
