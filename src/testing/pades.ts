import { isoWithOffset } from './clock.js';
import { signerLabel, type Job } from './state/jobs.js';

/**
 * A real (if unsigned) PDF standing in for the PAdES: one page listing the job, its signers and their times, and
 * the original documents embedded as file attachments (/EmbeddedFiles), with a correct xref table so PDF readers
 * and parsers in tests accept it. Production PAdES from the test environment are not valid signatures either.
 */
function pdfString(s: string): string {
  // Latin-1 covers Norwegian letters; anything else becomes '?'. Parentheses and backslashes are escaped.
  const latin = [...s].map((c) => (c.charCodeAt(0) < 256 ? c : '?')).join('');
  return `(${latin
    .replace(/\\/g, '\\\\')
    .replace(/\(/g, '\\(')
    .replace(/\)/g, '\\)')
    .replace(/[\r\n]/g, ' ')})`;
}

export function buildPades(job: Job): Buffer {
  const lines = [
    `Signed: ${job.title}`,
    `Signature job ${job.id} (${job.flow}), status ${job.status}`,
    ...job.signers.map((s) => `${signerLabel(s)}: ${s.status} ${isoWithOffset(s.since)}`),
    'Documents (attached):',
    ...job.documents.map((d) => `- ${d.title} (${d.href})`),
  ];
  const content = ['BT', '/F1 12 Tf', '50 790 Td', '16 TL', ...lines.map((l) => `${pdfString(l)} Tj T*`), 'ET'].join('\n');

  const objects: Buffer[] = [];
  const add = (body: Buffer | string): number => {
    objects.push(typeof body === 'string' ? Buffer.from(body, 'latin1') : body);
    return objects.length;
  };
  // Reserve ids: 1 catalog, 2 pages, 3 page, 4 font, 5 content, 6 name tree; attachments follow.
  for (let i = 0; i < 6; i++) add('');
  const sorted = [...job.documents].sort((a, b) => (a.href < b.href ? -1 : a.href > b.href ? 1 : 0));
  const names: string[] = [];
  for (const d of sorted) {
    const head = Buffer.from(
      `<< /Type /EmbeddedFile /Subtype /${d.mime.replace(/\//g, '#2F')} /Length ${d.bytes.length} /Params << /Size ${d.bytes.length} >> >>\nstream\n`,
      'latin1',
    );
    const fileId = add(Buffer.concat([head, d.bytes, Buffer.from('\nendstream', 'latin1')]));
    const specId = add(`<< /Type /Filespec /F ${pdfString(d.href)} /UF ${pdfString(d.href)} /Desc ${pdfString(d.title)} /EF << /F ${fileId} 0 R >> >>`);
    names.push(`${pdfString(d.href)} ${specId} 0 R`);
  }
  objects[0] = Buffer.from('<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles 6 0 R >> /PageMode /UseAttachments >>', 'latin1');
  objects[1] = Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>', 'latin1');
  objects[2] = Buffer.from('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>', 'latin1');
  objects[3] = Buffer.from('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>', 'latin1');
  const contentBytes = Buffer.from(content, 'latin1');
  objects[4] = Buffer.concat([Buffer.from(`<< /Length ${contentBytes.length} >>\nstream\n`, 'latin1'), contentBytes, Buffer.from('\nendstream', 'latin1')]);
  objects[5] = Buffer.from(`<< /Names [${names.join(' ')}] >>`, 'latin1');

  const chunks: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let offset = chunks[0]!.length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const chunk = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, 'latin1'), body, Buffer.from('\nendobj\n', 'latin1')]);
    chunks.push(chunk);
    offset += chunk.length;
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${offset}\n%%EOF`;
  chunks.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(chunks);
}
