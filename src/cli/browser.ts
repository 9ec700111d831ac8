import { Agent, request } from 'undici';

/**
 * Plays the signer's browser against the simulator's signing page: opens the redirect URL, follows it to the
 * page, submits the Sign (or Reject) form, and returns the exit URL the page sends the browser to.
 */
export async function signThroughPage(redirectUrl: string, caPem: string, action: 'sign' | 'reject' = 'sign'): Promise<URL> {
  const dispatcher = new Agent({ connect: { ca: caPem } });
  try {
    let url = new URL(redirectUrl);
    let cookie: string | undefined;
    let html = '';
    for (let hops = 0; hops < 5; hops++) {
      const res = await request(url, { dispatcher, headers: cookie ? { cookie } : {} });
      const setCookie = res.headers['set-cookie'];
      if (setCookie) cookie = (Array.isArray(setCookie) ? setCookie : [setCookie]).map((c) => c.split(';')[0]).join('; ');
      const location = res.headers.location;
      html = await res.body.text();
      if (res.statusCode >= 300 && res.statusCode < 400 && typeof location === 'string') {
        url = new URL(location, url);
        continue;
      }
      if (res.statusCode !== 200) throw new Error(`The signing page answered ${res.statusCode}`);
      break;
    }
    const form = [...html.matchAll(/<form[^>]*action="([^"]+)"/g)].map((m) => m[1] as string).find((a) => a.endsWith(`/${action}`));
    if (!form) throw new Error(`The signing page has no ${action} form`);
    const res = await request(new URL(form.replace(/&amp;/g, '&'), url), {
      method: 'POST',
      dispatcher,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
      body: '',
    });
    await res.body.dump();
    const location = res.headers.location;
    if (res.statusCode !== 303 || typeof location !== 'string') throw new Error(`Submitting the form answered ${res.statusCode}`);
    return new URL(location, url);
  } finally {
    await dispatcher.close();
  }
}
