/** Base64 without Buffer (this module must run in Bun, Deno and browsers too), on one line. */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked: String.fromCharCode with too many arguments overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
