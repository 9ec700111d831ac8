import { describe, expect, it } from 'vitest';
import { validateAll, validateAgainst } from '../../../src/testing/schema-validator.js';
import { manifestXml, requestXml } from '../../helpers/asice.js';

const spec = { flow: 'direct' as const, org: '123456789' };

describe('the long-lived XSD validator (libxml2)', () => {
  it('answers each document with its own messages under its own name, also for XML that does not parse', async () => {
    const r = await validateAll('direct.xsd', [
      { fileName: 'request.xml', xml: requestXml(spec) },
      { fileName: 'manifest.xml', xml: manifestXml(spec).replace('<title>Employment contract</title>', '') },
      { fileName: 'broken.xml', xml: '<direct-signature-job-request xmlns="http://signering.posten.no/schema/v1"><x>' },
      { fileName: 'empty.xml', xml: '' },
    ]);
    expect(r.get('request.xml')).toBeUndefined();
    expect(r.get('manifest.xml')).toMatch(
      /^manifest\.xml:1: Schemas validity error : Element '\{http:\/\/signering\.posten\.no\/schema\/v1\}documents': This element is not expected/,
    );
    expect(r.get('broken.xml')).toMatch(/^broken\.xml:1: parser error/);
    expect(r.get('empty.xml')).toMatch(/^empty\.xml:1: parser error : Document is empty/);
    expect(await validateAgainst('portal.xsd', requestXml({ ...spec, flow: 'portal' }), 'portal.xml')).toBeUndefined();
    expect(await validateAgainst('portal.xsd', requestXml(spec), 'direct-as-portal.xml')).toMatch(/No matching global declaration/);
  });

  it('stays right across the restarts of its xmllint run (500 documents each), in order, concurrently', async () => {
    const docs = Array.from({ length: 1100 }, (_, i) => ({ fileName: `d${i}.xml`, xml: i % 3 === 0 ? '<nope/>' : requestXml(spec) }));
    const results = await Promise.all(Array.from({ length: 11 }, (_, k) => validateAll('direct.xsd', docs.slice(k * 100, k * 100 + 100))));
    const merged = new Map(results.flatMap((m) => [...m]));
    docs.forEach((d, i) => {
      if (i % 3 === 0) expect(merged.get(d.fileName), d.fileName).toMatch(new RegExp(`^${d.fileName.replace('.', '\\.')}:1: Schemas validity error`));
      else expect(merged.get(d.fileName), d.fileName).toBeUndefined();
    });
  }, 60_000);
});
