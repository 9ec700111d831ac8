/** The API's XML namespace: every request, manifest and response element lives in it. */
export const SIGNATURE_API_NS = 'http://signering.posten.no/schema/v1';
