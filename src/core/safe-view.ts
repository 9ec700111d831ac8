/** What a printed configuration shows is read from (structural: this module imports no configuration, so no cycle). */
interface PrintableConfiguration {
  readonly environment: { readonly name: string; readonly url: string };
  readonly globalSender: { toString(): string } | undefined;
  readonly timeZone: string;
  readonly options: Readonly<{
    timeouts?: unknown;
    maxRetries?: number | undefined;
    maxRequestsPerSecond?: number | undefined;
    maxConnections?: number | undefined;
    logLevel?: string | undefined;
    userAgent?: string | undefined;
    proxy?: string | URL | undefined;
    logger?: unknown;
    dispatcher?: unknown;
    fetch?: unknown;
    clock?: unknown;
    onDocumentBundle?: unknown;
    pollScheduleStore?: unknown;
  }>;
}

/**
 * A configuration as it may be printed: the settings that help when reading a log, never the certificate (its
 * password, key or bytes), proxy credentials, or what a logger, dispatcher, fetch or hook may hold. Built from an
 * allow-list so that an option added later stays hidden until someone decides it is safe to show.
 */
export function safeView(configuration: PrintableConfiguration): Record<string, unknown> {
  const o = configuration.options;
  const view: Record<string, unknown> = {
    environment: { name: configuration.environment.name, url: configuration.environment.url },
    globalSender: configuration.globalSender?.toString(),
    timeouts: o.timeouts,
    maxRetries: o.maxRetries,
    maxRequestsPerSecond: o.maxRequestsPerSecond,
    maxConnections: o.maxConnections,
    logLevel: o.logLevel,
    userAgent: o.userAgent,
    proxy: o.proxy === undefined ? undefined : redactedUrl(o.proxy),
    timeZone: configuration.timeZone,
  };
  for (const name of ['logger', 'dispatcher', 'fetch', 'clock', 'onDocumentBundle', 'pollScheduleStore'] as const) {
    if (o[name] !== undefined) view[name] = '(set)';
  }
  for (const key of Object.keys(view)) if (view[key] === undefined) delete view[key];
  return view;
}

/** A URL without its user name and password (and without query or fragment, which may carry tokens). */
export function redactedUrl(value: string | URL): string {
  try {
    const url = new URL(String(value));
    const credentials = url.username !== '' || url.password !== '' ? '***@' : '';
    return `${url.protocol}//${credentials}${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '(not a URL)';
  }
}
