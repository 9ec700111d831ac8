import { ValidationError } from '../errors/index.js';

// XML 1.0 forbids most control characters and lone surrogates; a string holding one would make the request
// XML unparseable on the server, so it is refused here with the field's name instead.
// eslint-disable-next-line no-control-regex -- the control characters are what this pattern is about
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Length as XML Schema counts it: in characters (code points), not UTF-16 units. */
export const xsdLength = (value: string): number => {
  let n = 0;
  for (const _ of value) n++;
  return n;
};

/** `1 character`, `2 characters`: a count with its noun in the right number, for messages. */
export const count = (n: number, singular: string, plural = `${singular}s`): string => `${n} ${n === 1 ? singular : plural}`;

export function checkText(field: string, value: unknown, min: number, max: number): string {
  if (typeof value !== 'string') throw new ValidationError(field, `must be a string, got ${typeof value}`);
  if (XML_ILLEGAL.test(value)) throw new ValidationError(field, 'contains a character that XML cannot carry');
  const length = xsdLength(value);
  if (length < min) throw new ValidationError(field, min === 1 ? 'must not be empty' : `must be at least ${count(min, 'character')}`);
  if (length > max) throw new ValidationError(field, `must be at most ${count(max, 'character')}, got ${length}`);
  return value;
}

export function checkOptionalText(field: string, value: unknown, min: number, max: number): string | undefined {
  return value === undefined || value === null ? undefined : checkText(field, value, min, max);
}

export function checkOneOf<T extends string>(field: string, value: unknown, allowed: Readonly<Record<string, T>>): T {
  const values = Object.values(allowed);
  if (!values.includes(value as T)) throw new ValidationError(field, `must be one of ${values.join(', ')}, got ${String(value)}`);
  return value as T;
}

export function checkOptionalOneOf<T extends string>(field: string, value: unknown, allowed: Readonly<Record<string, T>>): T | undefined {
  return value === undefined || value === null ? undefined : checkOneOf(field, value, allowed);
}

/** An absolute http(s) URL of at most 500 characters, as the API's `url` type allows. */
export function checkUrl(field: string, value: unknown): string {
  const text = value instanceof URL ? value.href : value;
  if (typeof text !== 'string') throw new ValidationError(field, 'must be a URL');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ValidationError(field, `must be an absolute URL, got "${text.slice(0, 80)}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ValidationError(field, 'must be an http or https URL');
  return checkText(field, text, 1, 500);
}
