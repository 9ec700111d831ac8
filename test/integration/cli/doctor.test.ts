import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';
import { writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCTOR_USAGE, PASSWORD_VARIABLE, runDoctor, type DoctorIo } from '../../../src/cli/doctor.js';
import { promptPassword } from '../../../src/cli/password-prompt.js';
import { startSimulator, type Simulator } from '../../../src/testing/index.js';
import { startProxy } from '../../helpers/connect-proxy.js';
import { forgeP12, makeChain, makeIdentity, tempDir } from '../../helpers/pki.js';

const CHECKS = ['file', 'password', 'key', 'validity', 'organization-number', 'issuer', 'key-usage', 'server-reachable', 'server-identity', 'who-am-i'];

interface Run {
  code: number;
  out: string;
  err: string;
  checks: { name: string; ok: boolean; detail: string }[];
  ok: boolean;
}

/** A terminal's stdin: raw mode switched by the prompt, typed bytes emitted as data. */
class FakeTty extends EventEmitter {
  isTTY = true;
  rawModes: boolean[] = [];
  setRawMode(raw: boolean): this {
    this.rawModes.push(raw);
    return this;
  }
  resume(): this {
    return this;
  }
  pause(): this {
    return this;
  }
}

const notATerminal = { isTTY: false, on: () => undefined, off: () => undefined, resume: () => undefined, pause: () => undefined };

async function doctor(args: string[], env: Record<string, string> = {}, stdin: DoctorIo['stdin'] = notATerminal): Promise<Run> {
  let out = '';
  let err = '';
  const io: DoctorIo = { env, stdin, stdout: (t) => void (out += t), stderr: (t) => void (err += t), now: () => new Date() };
  const code = await runDoctor([...args, '--json'], io);
  const parsed = out === '' ? { ok: false, checks: [] } : (JSON.parse(out) as { ok: boolean; checks: Run['checks'] });
  return { code, out, err, ...parsed };
}

const check = (run: Run, name: string) => {
  const c = run.checks.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no check ${name} in ${run.out}`);
  return c;
};

let simulator: Simulator;
let dir: string;
let p12: string;
let ca: string;
const password = { [PASSWORD_VARIABLE]: 'simulator' };

beforeAll(async () => {
  simulator = await startSimulator({ rateLimit: false });
  dir = tempDir();
  p12 = join(dir, 'sender.p12');
  ca = join(dir, 'simulator-ca.pem');
  writeFileSync(p12, simulator.senderCertificate.pkcs12);
  writeFileSync(ca, simulator.caCertificatePem);
});
afterAll(async () => {
  await simulator.close();
});

describe('posten-signering doctor', () => {
  it('passes every check against the simulator, and prints one line per check', async () => {
    const json = await doctor(['--certificate', p12, '--url', simulator.url, '--ca', ca], password);
    expect(json.code).toBe(0);
    expect(json.ok).toBe(true);
    expect(json.checks.map((c) => c.name)).toEqual(CHECKS);
    expect(json.checks.every((c) => c.ok)).toBe(true);
    expect(check(json, 'password').detail).toMatch(/legacy PKCS#12 format \(pbeWithSHAAnd3-KeyTripleDES-CBC; MAC SHA-1\)/);
    expect(check(json, 'key').detail).toMatch(/RSA 2048 bits/);
    expect(check(json, 'validity').detail).toMatch(/\d+ days left/);
    expect(check(json, 'organization-number').detail).toMatch(/^123456789/);
    expect(check(json, 'issuer').detail).toMatch(/Simulator Sender CA.*"custom" environment/);
    expect(check(json, 'server-identity').detail).toMatch(/^organisation 984661185/);
    expect(check(json, 'who-am-i').detail).toBe('the server sees organisation 123456789: "You are 123456789"');

    let text = '';
    const code = await runDoctor(['--certificate', p12, '--url', simulator.url, '--ca', ca], {
      env: password,
      stdin: notATerminal,
      stdout: (t) => void (text += t),
      stderr: () => undefined,
      now: () => new Date(),
    });
    expect(code).toBe(0);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(CHECKS.length + 2);
    CHECKS.forEach((name, i) => expect(lines[i + 1]).toMatch(new RegExp(`^ok    ${name} `)));
    expect(lines.at(-1)).toBe('All 10 checks passed.');
  });

  it('reads a modern (OpenSSL 3 default, AES) file and a PEM file with key and certificate', async () => {
    const modern = join(dir, 'modern.p12');
    const { execFileSync } = await import('node:child_process');
    writeFileSync(join(dir, 'in.pem'), simulator.senderCertificatePem.key + simulator.senderCertificatePem.cert);
    execFileSync('openssl', ['pkcs12', '-export', '-in', join(dir, 'in.pem'), '-out', modern, '-passout', 'env:PW'], { env: { ...process.env, PW: 'Blåbær' } });
    const run = await doctor(['--certificate', modern, '--url', simulator.url, '--ca', ca], { [PASSWORD_VARIABLE]: 'Blåbær' });
    expect(run.code).toBe(0);
    expect(check(run, 'password').detail).toMatch(/modern PKCS#12 format \(PBES2 AES-256-CBC; MAC SHA-256\)/);
    const pem = await doctor(['--certificate', join(dir, 'in.pem'), '--url', simulator.url, '--ca', ca]);
    expect(pem.code).toBe(0);
    expect(check(pem, 'password').detail).toMatch(/unencrypted key/);
  });

  it('a wrong password fails the password check (without printing it) and every check that needs the key', async () => {
    const run = await doctor(['--certificate', p12, '--url', simulator.url, '--ca', ca], { [PASSWORD_VARIABLE]: 'wrong-pa55word' });
    expect(run.code).toBe(1);
    expect(run.ok).toBe(false);
    expect(check(run, 'file').ok).toBe(true);
    expect(check(run, 'password')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/does not open .*MAC does not verify.*POSTEN_SIGNERING_CERTIFICATE_PASSWORD/),
    });
    for (const name of ['key', 'validity', 'organization-number', 'issuer', 'key-usage', 'who-am-i']) expect(check(run, name).ok).toBe(false);
    // The server itself is still examined.
    expect(check(run, 'server-identity').ok).toBe(true);
    expect(run.out + run.err).not.toContain('wrong-pa55word');
  });

  it('without the variable and without a terminal, says how to give the password', async () => {
    const run = await doctor(['--certificate', p12, '--url', simulator.url, '--ca', ca]);
    expect(run.code).toBe(1);
    expect(check(run, 'password').detail).toMatch(/no password: set POSTEN_SIGNERING_CERTIFICATE_PASSWORD/);
  });

  it('asks for the password on a terminal without echoing it', async () => {
    const tty = new FakeTty();
    let err = '';
    let out = '';
    const running = runDoctor(['--certificate', p12, '--url', simulator.url, '--ca', ca, '--json'], {
      env: {},
      stdin: tty,
      stdout: (t) => void (out += t),
      stderr: (t) => void (err += t),
      now: () => new Date(),
    });
    await new Promise((r) => setTimeout(r, 20));
    tty.emit('data', Buffer.from('simx'));
    tty.emit('data', Buffer.from('\u007fulator\r'));
    expect(await running).toBe(0);
    expect(tty.rawModes).toEqual([true, false]);
    expect(err).toBe('Certificate password (not shown): \n');
    expect(out).not.toContain('simulator"');
  });

  it('the prompt handles backspace and cancels on Ctrl+C', async () => {
    const tty = new FakeTty();
    const typed = promptPassword('pw: ', tty, () => undefined);
    tty.emit('data', 'Sæcx\u007fret€\n');
    await expect(typed).resolves.toBe('Sæcret€');
    const cancelled = promptPassword('pw: ', tty, () => undefined);
    tty.emit('data', 'abc\u0003');
    await expect(cancelled).rejects.toThrow(/cancelled/);
  });

  it('never takes the password from the command line', async () => {
    for (const flag of ['--password', '--password=x', '-p']) {
      const run = await doctor(['--certificate', p12, flag, 'simulator'], {});
      expect(run.code).toBe(2);
      expect(run.err).toMatch(/never taken from the command line.*POSTEN_SIGNERING_CERTIFICATE_PASSWORD/s);
      expect(run.out).toBe('');
    }
  });

  it('an expired certificate fails the validity check', async () => {
    const chain = makeChain();
    const expired = makeIdentity({
      subject: [
        { shortName: 'C', value: 'NO' },
        { type: '2.5.4.97', value: 'NTRNO-123456789' },
        { shortName: 'CN', value: 'Old AS' },
      ],
      issuer: chain.intermediate,
      notBefore: new Date('2020-01-01'),
      notAfter: new Date('2021-01-01'),
    });
    const file = join(dir, 'expired.p12');
    writeFileSync(file, forgeP12(expired.key, [expired.cert, chain.intermediate.cert], 'pw', 'aes256'));
    writeFileSync(join(dir, 'own-root.pem'), chain.root.certPem);
    const run = await doctor(['--certificate', file, '--url', simulator.url, '--ca', join(dir, 'own-root.pem')], { [PASSWORD_VARIABLE]: 'pw' });
    expect(run.code).toBe(1);
    expect(check(run, 'validity')).toMatchObject({ ok: false, detail: expect.stringMatching(/^expired 2021-01-01T00:00:00.000Z .*order a new certificate/) });
    expect(check(run, 'organization-number').ok).toBe(true);
    expect(check(run, 'issuer').ok).toBe(true);
  });

  it('a signing-only certificate fails the key usage check, a 1024-bit key the key check', async () => {
    const chain = makeChain();
    writeFileSync(join(dir, 'own-root-2.pem'), chain.root.certPem);
    const subject = [
      { shortName: 'C', value: 'NO' },
      { type: '2.5.4.97', value: 'NTRNO-123456789' },
      { shortName: 'CN', value: 'Acme AS' },
    ];
    const issue = (bits: number, extensions: object[]) => {
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: bits });
      const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
      const cert = forge.pki.createCertificate();
      cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
      cert.serialNumber = '0a';
      cert.validity.notBefore = new Date(Date.now() - 86_400_000);
      cert.validity.notAfter = new Date(Date.now() + 300 * 86_400_000);
      cert.setSubject(subject as forge.pki.CertificateField[]);
      cert.setIssuer(chain.intermediate.cert.subject.attributes);
      cert.setExtensions(extensions);
      cert.sign(chain.intermediate.key, forge.md.sha256.create());
      return forgeP12(key, [cert, chain.intermediate.cert], 'pw', 'aes256');
    };
    const signing = join(dir, 'signing.p12');
    writeFileSync(
      signing,
      issue(2048, [
        { name: 'keyUsage', nonRepudiation: true, critical: true },
        { name: 'extKeyUsage', emailProtection: true },
      ]),
    );
    const run = await doctor(['--certificate', signing, '--url', simulator.url, '--ca', join(dir, 'own-root-2.pem')], { [PASSWORD_VARIABLE]: 'pw' });
    expect(check(run, 'key-usage')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/keyUsage is nonRepudiation, without digitalSignature.*authentication one.*does not allow TLS client authentication/),
    });
    expect(check(run, 'key').ok).toBe(true);
    const weak = join(dir, 'weak.p12');
    writeFileSync(weak, issue(1024, [{ name: 'keyUsage', digitalSignature: true }]));
    const weakRun = await doctor(['--certificate', weak, '--url', simulator.url, '--ca', join(dir, 'own-root-2.pem')], { [PASSWORD_VARIABLE]: 'pw' });
    expect(check(weakRun, 'key')).toMatchObject({ ok: false, detail: expect.stringMatching(/1024 bits; at least 2048/) });
    expect(check(weakRun, 'key-usage').ok).toBe(true);
  });

  it('a certificate of another environment fails the issuer check, naming its issuer and the environment', async () => {
    // The simulator's certificate against production's CAs (at the simulator's address: no network needed).
    const run = await doctor(['--certificate', p12, '--environment', 'production', '--url', simulator.url], password);
    expect(run.code).toBe(1);
    expect(check(run, 'issuer')).toMatchObject({
      ok: false,
      detail: expect.stringContaining(
        'issued by "CN=Simulator Sender CA,O=Posten signering simulator,C=NO", which is not a CA of the "production" environment',
      ),
    });
    expect(check(run, 'server-identity').detail).toMatch(/does not end in a CA trusted for the "production" environment/);
    expect(check(run, 'who-am-i').detail).toMatch(/not checked.*not presented/);
  });

  it('a server of another organisation fails the identity check, and passes when that organisation is expected', async () => {
    const other = await startSimulator({ serverOrganizationNumber: '999999999', rateLimit: false });
    try {
      const otherCa = join(dir, 'other-ca.pem');
      const otherP12 = join(dir, 'other.p12');
      writeFileSync(otherCa, other.caCertificatePem);
      writeFileSync(otherP12, other.senderCertificate.pkcs12);
      const run = await doctor(['--certificate', otherP12, '--url', other.url, '--ca', otherCa], password);
      expect(run.code).toBe(1);
      expect(check(run, 'server-identity')).toMatchObject({ ok: false, detail: expect.stringMatching(/belongs to organisation 999999999, not to 984661185/) });
      const expected = await doctor(['--certificate', otherP12, '--url', other.url, '--ca', otherCa, '--server-org', '999999999'], password);
      expect(expected.code).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('a server whose chain ends in a CA that is not trusted fails the identity check', async () => {
    const root = join(dir, 'unrelated-root.pem');
    writeFileSync(root, makeChain().root.certPem);
    const run = await doctor(['--certificate', p12, '--url', simulator.url, '--ca', root], password);
    expect(run.code).toBe(1);
    expect(check(run, 'server-reachable').ok).toBe(true);
    expect(check(run, 'server-identity')).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/SELF_SIGNED_CERT_IN_CHAIN.*does not end in a CA trusted for the "custom" environment/),
    });
  });

  it('a closed port fails the reachability check and says so', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const run = await doctor(['--certificate', p12, '--url', `https://127.0.0.1:${port}`, '--ca', ca], password);
    expect(run.code).toBe(1);
    expect(check(run, 'server-reachable')).toMatchObject({
      ok: false,
      detail: `127.0.0.1:${port} cannot be reached: connection refused, nothing listens there: check the URL and its port`,
    });
    expect(check(run, 'server-identity').detail).toBe('not checked: the server is not reachable');
    // The certificate checks stand on their own.
    expect(check(run, 'issuer').ok).toBe(true);
  });

  it('goes through HTTPS_PROXY when it is set (unless NO_PROXY names the host)', async () => {
    const proxy = await startProxy();
    try {
      const run = await doctor(['--certificate', p12, '--url', simulator.url, '--ca', ca], { ...password, HTTPS_PROXY: proxy.url });
      expect(run.code).toBe(0);
      expect(check(run, 'server-reachable').detail).toMatch(/through the proxy http:\/\/\*\*\*@127\.0\.0\.1:\d+/);
      expect(run.out).not.toContain('p%40ss');
      // Reachability, the identity probe and the who-am-I call each went through it.
      expect(proxy.tunnels.length).toBeGreaterThanOrEqual(3);
      const before = proxy.tunnels.length;
      const direct = await doctor(['--certificate', p12, '--url', simulator.url, '--ca', ca], {
        ...password,
        HTTPS_PROXY: proxy.url,
        NO_PROXY: 'localhost,127.0.0.1',
      });
      expect(direct.code).toBe(0);
      expect(proxy.tunnels.length).toBe(before);
    } finally {
      await proxy.close();
    }
  });

  it('refuses wrong usage with exit status 2 and prints help on --help', async () => {
    expect((await doctor([])).code).toBe(2);
    expect((await doctor(['--certificate', p12, '--ca', ca])).err).toMatch(/--ca needs --url/);
    expect((await doctor(['--certificate', p12, '--environment', 'staging'])).code).toBe(2);
    expect((await doctor(['--certificate', p12, '--url', 'http://127.0.0.1:1', '--ca', ca])).err).toMatch(/must be https/);
    let out = '';
    expect(await runDoctor(['--help'], { env: {}, stdin: notATerminal, stdout: (t) => void (out += t), stderr: () => undefined, now: () => new Date() })).toBe(
      0,
    );
    expect(out).toBe(`${DOCTOR_USAGE}\n`);
  });

  it('runs as `posten-signering doctor` with its exit status', async () => {
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'doctor', '--certificate', p12, '--url', simulator.url, '--ca', ca, '--json'],
        { env: { ...process.env, [PASSWORD_VARIABLE]: 'simulator', HTTPS_PROXY: '', https_proxy: '' } },
        (_error, stdout) => resolve({ code: child.exitCode, stdout }),
      );
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true });
  });
});
