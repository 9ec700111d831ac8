export { SignatureError } from './signature-error.js';
export * from './errors.js';
