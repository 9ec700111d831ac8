export { createAsice, type AsiceDocument, type AsiceInput } from './asice.js';
export { documentFileName, fileNameSafe } from './file-name.js';
export { createSignaturesXml, formatSigningTime, type SignaturesXmlInput, type XadesFile, type XadesSigner } from './xades.js';
export { createZip, type ZipEntry, type ZipOptions } from './zip.js';
export { webPrimitives, type BundlePrimitives } from './primitives.js';
