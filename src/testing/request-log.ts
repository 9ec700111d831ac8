/**
 * The last requests the simulator answered, for the dashboard: method, path, status and error code. Identity
 * numbers (11 digits) are masked and token values shortened where they appear in a path or query; no body is kept,
 * so no document bytes either.
 */
export interface LoggedRequest {
  /** Increases by one per request: lets the dashboard show only what is new. */
  seq: number;
  at: string;
  method: string;
  path: string;
  status: number;
  errorCode?: string;
}

/** 01013300002 → 010133*****: the date of birth part says enough to tell signers apart in a test. */
export function maskIdentityNumbers(s: string): string {
  return s.replace(/(?<!\d)(\d{6})\d{5}(?!\d)/g, '$1*****');
}

/** Path and query for display: identity numbers masked, secrets (tokens, redirect links) cut to a recognisable stub. */
export function displayPath(rawUrl: string): string {
  const url = new URL(rawUrl, 'https://simulator.invalid');
  let path = url.pathname.replace(/\/(redirect|sessions)\/([0-9a-f]{8})[0-9a-f]+/g, '/$1/$2…');
  const query = [...url.searchParams].map(([k, v]) => (/token/i.test(k) ? `${k}=${v.slice(0, 8)}…` : v === '' ? k : `${k}=${v}`)).join('&');
  if (query) path += `?${query}`;
  return maskIdentityNumbers(path);
}

export class RequestLog {
  private readonly entries: LoggedRequest[] = [];
  private seq = 0;

  constructor(private readonly capacity = 200) {}

  add(entry: Omit<LoggedRequest, 'seq'>): void {
    this.entries.push({ seq: ++this.seq, ...entry });
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Newest first. */
  latest(n = 50): LoggedRequest[] {
    return this.entries.slice(-n).reverse();
  }
}
