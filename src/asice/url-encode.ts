/**
 * `java.net.URLEncoder.encode(s, UTF_8)`: form encoding, which the Java client uses for Reference URIs. Letters,
 * digits and `.-*_` stay; space becomes `+`; every other UTF-8 byte becomes `%XX` (upper-case hex). Sanitised
 * document names pass through unchanged.
 */
export function formUrlEncode(value: string): string {
  let out = '';
  for (const byte of new TextEncoder().encode(value)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
