/**
 * A strict-enough multipart/mixed reader. Parts are found by their Content-Type (Java and PHP send no
 * Content-Disposition, .NET sends `attachment`), the boundary may be quoted or not, and extra Content-Type
 * parameters (Java adds charset=ISO-8859-1) are ignored.
 */
export interface MultipartPart {
  headers: Record<string, string>;
  contentType: string;
  body: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/mixed\s*(;|$)/i.test(contentType)) return undefined;
  const m = /;\s*boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw new Error('multipart body does not contain the boundary');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break; // close delimiter
    // Skip transport padding and the CRLF after the delimiter.
    while (body[pos] === 0x20 || body[pos] === 0x09) pos++;
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    else if (body[pos] === 0x0a) pos += 1;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), pos);
    const nextLf = next < 0 ? body.indexOf(Buffer.concat([Buffer.from('\n'), delimiter]), pos) : -1;
    const end = next >= 0 ? next : nextLf;
    if (end < 0) throw new Error('multipart body is not terminated by a boundary');
    parts.push(parsePart(body.subarray(pos, end)));
    pos = end + (next >= 0 ? 2 : 1);
  }
  return parts;
}

function parsePart(raw: Buffer): MultipartPart {
  let headerEnd = raw.indexOf('\r\n\r\n');
  let sepLen = 4;
  if (headerEnd < 0) {
    headerEnd = raw.indexOf('\n\n');
    sepLen = 2;
  }
  // A part without headers starts directly with the blank line.
  if (raw.subarray(0, 2).toString() === '\r\n') {
    headerEnd = 0;
    sepLen = 2;
  }
  if (headerEnd < 0) throw new Error('multipart part has no header section');
  const headers: Record<string, string> = {};
  for (const line of raw.subarray(0, headerEnd).toString('latin1').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const contentType = (headers['content-type'] ?? 'text/plain').split(';')[0]!.trim().toLowerCase();
  // A view, not a copy: a 10 MB bundle is already copied once when the request body is joined.
  return { headers, contentType, body: raw.subarray(headerEnd + sepLen) };
}
