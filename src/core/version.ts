/** The SDK's version, sent in the User-Agent. Kept in step with package.json by the release process. */
export const SDK_VERSION = '0.1.0';
