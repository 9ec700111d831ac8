import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src/testing/c14n.js';
import { NS_DSIG, NS_XADES, descendants, parseXml } from '../../../src/testing/dom.js';

// The verifier's C14N must reproduce the Java client's canonical bytes (protocol §3.4 golden vector), including
// the namespaces inherited from QualifyingProperties and the shadowed ASiC default namespace.
describe('simulator C14N against the Java golden vector', () => {
  it('canonicalises SignedProperties and SignedInfo in the Java layout exactly', () => {
    const sp = readFileSync(new URL('../../fixtures/golden/java-golden-signedproperties.c14n.xml', import.meta.url), 'utf8');
    const si = readFileSync(new URL('../../fixtures/golden/java-golden-signedinfo.c14n.xml', import.meta.url), 'utf8');
    const spIn = sp.replace(' xmlns="http://uri.etsi.org/01903/v1.3.2#" xmlns:ns2="http://www.w3.org/2000/09/xmldsig#"', '');
    const siIn = si.replace(' xmlns="http://www.w3.org/2000/09/xmldsig#"', '');
    const doc = parseXml(
      `<?xml version="1.0" encoding="UTF-8" standalone="no"?><XAdESSignatures xmlns="http://uri.etsi.org/2918/v1.2.1#"><Signature xmlns="http://www.w3.org/2000/09/xmldsig#" Id="Signature">${siIn}<SignatureValue>x</SignatureValue><Object><QualifyingProperties xmlns="http://uri.etsi.org/01903/v1.3.2#" xmlns:ns2="http://www.w3.org/2000/09/xmldsig#" Target="#Signature">${spIn}</QualifyingProperties></Object></Signature></XAdESSignatures>`,
      'golden',
    );
    expect(canonicalize(descendants(doc, NS_XADES, 'SignedProperties')[0]!)).toBe(sp);
    expect(canonicalize(descendants(doc, NS_DSIG, 'SignedInfo')[0]!)).toBe(si);
  });
});
