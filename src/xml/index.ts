export { directJobRequestXml, portalJobRequestXml, directSignerUpdateRequestXml } from './job-request.js';
export { directManifestXml, portalManifestXml, type ManifestDocument } from './manifest.js';
export * from './response-parsers.js';
export { parseXml } from './safe-xml.js';
