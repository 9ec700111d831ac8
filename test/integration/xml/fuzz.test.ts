// Property: any job built from arbitrary input either is refused at construction with a ValidationError, or
// yields request and manifest XML that the official XSDs accept. A job that passes local validation and then
// fails the schema would be refused by the server after the upload: that is a validation bug in src/model.
//
// The jobs are generated with a fixed seed and validated in one xmllint run (one worker, one schema compile).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/errors/index.js';
import {
  AuthenticationLevel,
  Availability,
  ContactInformation,
  CustomIdentifier,
  DirectJob,
  DirectSigner,
  Document,
  Email,
  ExitUrls,
  FileType,
  IdentifierInSignedDocuments,
  Notifications,
  NotificationsUsingLookup,
  OnBehalfOf,
  PersonalIdentificationNumber,
  PollingQueue,
  PortalJob,
  PortalSigner,
  Sender,
  SignatureType,
  Sms,
  StatusRetrievalMethod,
} from '../../../src/model/index.js';
import { directJobRequestXml, directManifestXml, portalJobRequestXml, portalManifestXml } from '../../../src/xml/index.js';
import { validateManyAgainstApiSchema } from '../../helpers/xsd.js';
import { manifestDocuments, utf8 } from '../../fixtures/responses.js';

const SEED = 20240611;
const RUNS = 300;

// Text: mostly ordinary, with characters XML cannot carry, markup, non-ASCII and astral characters mixed in,
// and lengths on both sides of every limit.
const tricky = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u001f',
  '\uD800',
  '\uDFFF',
  '\uFFFE',
  '\uFFFF',
  '&',
  '<',
  '>',
  '"',
  "'",
  ']]>',
  'æ',
  'ø',
  'å',
  '😀',
  '\t',
  '\n',
  '\r',
  ' ',
  '\u0085',
  '\u2028',
  '\uFEFF',
);
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: tricky },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);
const text = fc.oneof(
  { weight: 5, arbitrary: fc.array(piece, { maxLength: 10 }).map((p) => p.join('')) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom('a', 'æ', '😀', '&'), fc.integer({ min: 0, max: 230 })).map(([c, n]) => c.repeat(n)) },
  { weight: 1, arbitrary: fc.constant('') },
);
const maybe = <T>(a: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(a, { nil: undefined, freq: 2 });
const digits = (n: number): fc.Arbitrary<string> => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const pinText = fc.oneof({ weight: 8, arbitrary: digits(11) }, { weight: 1, arbitrary: text });
const urlText = fc.oneof(
  { weight: 6, arbitrary: fc.webUrl({ withQueryParameters: true, withFragments: true }) },
  { weight: 1, arbitrary: fc.integer({ min: 480, max: 520 }).map((n) => `https://example.com/${'p'.repeat(n - 20)}`) },
  { weight: 1, arbitrary: text.map((t) => `https://example.com/${t}`) },
  { weight: 1, arbitrary: text },
);
const email = fc.oneof({ weight: 4, arbitrary: fc.emailAddress() }, { weight: 1, arbitrary: text });
const sms = fc.oneof({ weight: 4, arbitrary: fc.tuple(fc.boolean(), digits(8)).map(([plus, d]) => (plus ? `+47${d}` : d)) }, { weight: 1, arbitrary: text });
const enumOf = <T extends string>(values: Record<string, T>): fc.Arbitrary<T | undefined> => maybe(fc.constantFrom(...Object.values(values)));
const number = fc.oneof(fc.integer({ min: -2, max: 12 }), fc.double({ noNaN: false }), fc.integer({ min: 7_775_990, max: 7_776_010 }));

const documentSpec = fc.record({ title: text, message: maybe(text), txt: fc.boolean() });
const common = {
  documents: fc.array(documentSpec, { minLength: 0, maxLength: 22 }),
  reference: maybe(text),
  title: maybe(text),
  description: maybe(text),
  authenticationLevel: enumOf(AuthenticationLevel),
  identifierInSignedDocuments: enumOf(IdentifierInSignedDocuments),
  org: fc.oneof({ weight: 8, arbitrary: digits(9) }, { weight: 1, arbitrary: text }),
  queue: maybe(text),
};
const directSpec = fc.record({
  kind: fc.constant('direct' as const),
  ...common,
  signers: fc.array(fc.record({ pin: fc.boolean(), id: fc.oneof(pinText, text), signatureType: enumOf(SignatureType), onBehalfOf: enumOf(OnBehalfOf) }), {
    maxLength: 11,
  }),
  exits: fc.tuple(urlText, urlText, urlText),
  statusRetrievalMethod: enumOf(StatusRetrievalMethod),
});
const portalSpec = fc.record({
  kind: fc.constant('portal' as const),
  ...common,
  signers: fc.array(
    fc.record({
      by: fc.constantFrom('pin-notifications', 'pin-lookup', 'contact'),
      pin: pinText,
      email: maybe(email),
      sms: maybe(sms),
      lookupSms: fc.boolean(),
      order: maybe(number),
      signatureType: enumOf(SignatureType),
      onBehalfOf: enumOf(OnBehalfOf),
    }),
    { maxLength: 11 },
  ),
  nonSensitiveTitle: maybe(text),
  availability: maybe(fc.record({ activation: maybe(fc.date()), availableSeconds: maybe(number) })),
});
const jobSpec = fc.oneof(directSpec, portalSpec);
type JobSpec = typeof jobSpec extends fc.Arbitrary<infer T> ? T : never;

/** Builds the job the spec describes and the two XML documents the client would send for it. */
function build(spec: JobSpec): { request: Uint8Array; manifest: Uint8Array } {
  const documents = spec.documents.map((d) => new Document(d.title, d.message, d.txt ? FileType.Txt : FileType.Pdf, new Uint8Array([1])));
  const sender = new Sender(spec.org, spec.queue === undefined ? undefined : new PollingQueue(spec.queue));
  const options = {
    title: spec.title,
    description: spec.description,
    authenticationLevel: spec.authenticationLevel,
    identifierInSignedDocuments: spec.identifierInSignedDocuments,
    sender,
  };
  if (spec.kind === 'direct') {
    const signers = spec.signers.map(
      (s) =>
        new DirectSigner(s.pin ? new PersonalIdentificationNumber(s.id) : new CustomIdentifier(s.id), {
          signatureType: s.signatureType,
          onBehalfOf: s.onBehalfOf,
        }),
    );
    const job = new DirectJob(documents, signers, spec.reference, new ExitUrls(...spec.exits), {
      ...options,
      statusRetrievalMethod: spec.statusRetrievalMethod,
    });
    return { request: directJobRequestXml(job, sender), manifest: directManifestXml(job, sender, manifestDocuments(job.documents)) };
  }
  const signers = spec.signers.map((s) => {
    const opts = { order: s.order, signatureType: s.signatureType, onBehalfOf: s.onBehalfOf };
    const e = s.email === undefined ? undefined : new Email(s.email);
    const m = s.sms === undefined ? undefined : new Sms(s.sms);
    if (s.by === 'contact') return new PortalSigner(new ContactInformation({ email: e, sms: m }), opts);
    const notifications = s.by === 'pin-lookup' ? new NotificationsUsingLookup({ sms: s.lookupSms }) : new Notifications(e, m);
    return new PortalSigner(new PersonalIdentificationNumber(s.pin), notifications, opts);
  });
  const availability = spec.availability === undefined ? undefined : new Availability(spec.availability);
  const job = new PortalJob(documents, signers, spec.reference, { ...options, nonSensitiveTitle: spec.nonSensitiveTitle, availability });
  return { request: portalJobRequestXml(job, sender), manifest: portalManifestXml(job, sender, manifestDocuments(job.documents)) };
}

interface Built {
  index: number;
  spec: JobSpec;
  request: Uint8Array;
  manifest: Uint8Array;
}

/** Builds every spec; anything but a ValidationError escaping construction is itself a failure. */
function buildAll(specs: readonly JobSpec[]): { built: Built[]; refused: number } {
  const built: Built[] = [];
  let refused = 0;
  specs.forEach((spec, index) => {
    try {
      built.push({ index, spec, ...build(spec) });
    } catch (e) {
      if (!(e instanceof ValidationError))
        throw new Error(`spec #${index} threw ${String(e)} instead of a ValidationError: ${JSON.stringify(spec)}`, { cause: e });
      refused++;
    }
  });
  return { built, refused };
}

async function schemaFailures(built: readonly Built[]): Promise<string[]> {
  const results = await validateManyAgainstApiSchema(built.flatMap((b) => [b.request, b.manifest]));
  const failures: string[] = [];
  built.forEach((b, i) => {
    for (const [what, xml, r] of [
      ['request', b.request, results[2 * i]],
      ['manifest', b.manifest, results[2 * i + 1]],
    ] as const) {
      if (!r?.valid)
        failures.push(`spec #${b.index} (${b.spec.kind}) ${what}: ${r?.errors.join(' | ')}\n${utf8(xml).slice(0, 2000)}\nspec: ${JSON.stringify(b.spec)}`);
    }
  });
  return failures;
}

// Valid jobs are a minority among arbitrary inputs; this bias makes sure enough of them reach the schema.
const validLeaning: fc.Arbitrary<JobSpec> = fc
  .record({
    kind: fc.constantFrom('direct' as const, 'portal' as const),
    docs: fc.array(
      // eslint-disable-next-line no-control-regex -- the characters XML cannot carry are what this filter names
      fc.record({ title: fc.string({ minLength: 1, maxLength: 80 }).filter((t) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(t)), txt: fc.boolean() }),
      { minLength: 1, maxLength: 20 },
    ),
    n: fc.integer({ min: 1, max: 10 }),
    title: fc.oneof(fc.constantFrom('æ'.repeat(80), '😀'.repeat(80), '&<>"\'', 'a'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 })),
    description: maybe(fc.string({ unit: 'grapheme', maxLength: 220 })),
    order: fc.integer({ min: 0, max: 9 }),
    seconds: fc.integer({ min: 0, max: 7_776_000 }),
    activation: fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true }),
    reference: maybe(fc.string({ unit: 'grapheme-composite', maxLength: 50 })),
    custom: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 80 }),
  })
  .map((v): JobSpec =>
    v.kind === 'direct'
      ? {
          kind: 'direct',
          documents: v.docs.map((d) => ({ title: d.title, message: undefined, txt: d.txt })),
          reference: v.reference,
          title: v.title,
          description: v.description,
          authenticationLevel: AuthenticationLevel.Four,
          identifierInSignedDocuments: undefined,
          org: '987654321',
          queue: v.reference || undefined,
          signers: Array.from({ length: v.n }, (_, i) => ({
            pin: i > 0,
            id: i > 0 ? `${v.custom.slice(0, 78)}${i}` : '01013300001',
            signatureType: undefined,
            onBehalfOf: OnBehalfOf.Self,
          })),
          exits: ['https://example.com/a', 'https://example.com/b', 'https://example.com/c'],
          statusRetrievalMethod: StatusRetrievalMethod.Polling,
        }
      : {
          kind: 'portal',
          documents: v.docs.map((d) => ({ title: d.title, message: undefined, txt: d.txt })),
          reference: v.reference,
          title: v.title,
          description: v.description,
          authenticationLevel: undefined,
          identifierInSignedDocuments: IdentifierInSignedDocuments.Name,
          org: '987654321',
          queue: undefined,
          signers: Array.from({ length: v.n }, (_, i) => ({
            by: (['pin-notifications', 'pin-lookup', 'contact'] as const)[i % 3] as 'contact',
            pin: `010133000${String(i).padStart(2, '0')}`,
            email: `s${i}@example.com`,
            sms: i % 2 ? `+479000000${i}` : undefined,
            lookupSms: i % 2 === 0,
            order: (v.order + i) % 10,
            signatureType: undefined,
            onBehalfOf: undefined,
          })),
          nonSensitiveTitle: v.title,
          availability: { activation: v.activation, availableSeconds: v.seconds },
        },
  );

describe('fuzz: local validation and the XSD agree', () => {
  it(`arbitrary jobs (${RUNS}, seed ${SEED}): refused locally, or schema-valid`, async () => {
    const specs = fc.sample(jobSpec, { seed: SEED, numRuns: RUNS });
    const { built, refused } = buildAll(specs);
    expect(built.length + refused).toBe(RUNS);
    expect(await schemaFailures(built)).toEqual([]);
  }, 60_000);

  it(`valid-leaning jobs (${RUNS}, seed ${SEED}): schema-valid whenever accepted`, async () => {
    const specs = fc.sample(validLeaning, { seed: SEED, numRuns: RUNS });
    const { built } = buildAll(specs);
    // Most of these must get through construction, or the property says nothing.
    expect(built.length).toBeGreaterThan(RUNS / 2);
    expect(await schemaFailures(built)).toEqual([]);
  }, 60_000);

  // Regression examples: inputs that once passed local validation and failed the schema.
  it('regression (valid-leaning seed 20240611, #146): a document title holding "&YxU;" made the manifest unparseable', async () => {
    const spec = fc.sample(validLeaning, { seed: SEED, numRuns: 147 })[146] as JobSpec;
    const pinned: JobSpec = {
      ...spec,
      documents: [
        { title: 'n=oD4,&YxU; ', message: undefined, txt: true },
        { title: '&lt;&#0;&amp;', message: undefined, txt: false },
      ],
    };
    const { built } = buildAll([pinned]);
    expect(built).toHaveLength(1);
    expect(await schemaFailures(built)).toEqual([]);
    expect(utf8(built[0]?.manifest as Uint8Array)).toContain('<title>n=oD4,&amp;YxU; </title>');
  });

  it('regression: activation dates outside years 0001-9999 are refused locally (toISOString wrote +010000 / 0000 / -000001)', async () => {
    const base = fc.sample(
      validLeaning.filter((s) => s.kind === 'portal'),
      { seed: SEED, numRuns: 1 },
    )[0] as JobSpec & { kind: 'portal' };
    for (const iso of ['+010000-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z', '0000-06-01T00:00:00.000Z', '-000001-01-01T00:00:00.000Z']) {
      const spec = { ...base, availability: { activation: new Date(iso), availableSeconds: undefined } };
      expect(() => build(spec), iso).toThrow(ValidationError);
    }
    const edges = ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z'].map((iso) => ({
      ...base,
      availability: { activation: new Date(iso), availableSeconds: 0 },
    }));
    const { built } = buildAll(edges);
    expect(built).toHaveLength(2);
    expect(await schemaFailures(built)).toEqual([]);
  });
});
