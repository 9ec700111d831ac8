import { brand } from '../errors/brand.js';
import { ValidationError } from '../errors/index.js';
import { checkText, count } from './text-rules.js';

const inspect = Symbol.for('nodejs.util.inspect.custom');

let received = false;

/**
 * Builds identifiers from values the server sent. The XSDs type them loosely (`xs:string`), so the checks made on
 * the caller's input must not run on them: the value is kept exactly as sent. Internal to the response parsers.
 */
export function asReceived<T>(make: () => T): T {
  received = true;
  try {
    return make();
  } finally {
    received = false;
  }
}

/** Masks a national identity number after six digits, as the official clients do, for logs and messages. */
export const maskPin = (pin: string): string => (pin.length > 6 ? pin.slice(0, 6) + '*'.repeat(pin.length - 6) : pin);

/**
 * A Norwegian national identity number (fødselsnummer or D-number): 11 digits. Its `toString` and inspection
 * are masked so that it does not leak into logs; read `.value` where the full number is needed.
 */
export class PersonalIdentificationNumber {
  static {
    brand(this, 'PersonalIdentificationNumber');
  }
  /** The 11 digits. Never log it: `toString()` and `toJSON()` mask it. */
  readonly value: string;
  /** Checks `value` is exactly 11 digits (XSD `personal-identification-number`), else ValidationError. */
  constructor(value: string) {
    if (typeof value !== 'string') {
      // A number would lose leading zeros (D-numbers, many birth dates): the API takes the digits as text.
      throw new ValidationError('personalIdentificationNumber', `must be a string of 11 digits, got ${value === null ? 'null' : typeof value}`);
    }
    if (!/^[0-9]{11}$/.test(value)) {
      throw new ValidationError('personalIdentificationNumber', `must be exactly 11 digits, got ${count(value.length, 'character')}`);
    }
    this.value = value;
    Object.freeze(this);
  }
  /** Masked after six digits, safe for logs. */
  toString(): string {
    return `PersonalIdentificationNumber(${maskPin(this.value)})`;
  }
  /** Masked after six digits, so that a serialised job or status leaks no number. */
  toJSON(): string {
    return maskPin(this.value);
  }
  /** What `console.log` and `util.inspect` show: masked. */
  [inspect](): string {
    return this.toString();
  }
  /** Whether `other` is the same number. */
  equals(other: unknown): boolean {
    return other instanceof PersonalIdentificationNumber && other.value === this.value;
  }
}

/** A sender-chosen identifier for a direct signer who is not addressed by identity number (1–80 characters). */
export class CustomIdentifier {
  static {
    brand(this, 'CustomIdentifier');
  }
  /** The identifier, 1–80 characters (XSD `signer-identifier`). */
  readonly value: string;
  /** Checks the length (1–80), else ValidationError. */
  constructor(value: string) {
    this.value = received ? value : checkText('customIdentifier', value, 1, 80);
    Object.freeze(this);
  }
  /** For logs. */
  toString(): string {
    return `CustomIdentifier(${this.value})`;
  }
  /** Whether `other` is the same identifier. */
  equals(other: unknown): boolean {
    return other instanceof CustomIdentifier && other.value === this.value;
  }
}

/** An e-mail address for notifications, or identifying a portal signer. */
export class Email {
  static {
    brand(this, 'Email');
  }
  /** The address. */
  readonly address: string;
  /** Checks the address (3–320 characters, one `@`), else ValidationError. */
  constructor(address: string) {
    // The message names the rule, not the value: an address is personal data.
    if (!received) checkText('email', address, 3, 320);
    if (!received && !/^[^\s@]+@[^\s@]+$/.test(address))
      throw new ValidationError('email', 'must be an e-mail address: text, one "@", text, and no whitespace');
    this.address = address;
    Object.freeze(this);
  }
  /** For logs. */
  toString(): string {
    return `Email(${this.address})`;
  }
}

/**
 * A mobile number for SMS notifications, or identifying a portal signer. Written as people write it: spaces and
 * dashes are dropped and a `00` international prefix becomes `+`, so `'+47 999 99 999'`, `'0047-99999999'` and
 * `'+4799999999'` are the same number; `number` holds that normalised form (`+digits`, or digits alone for a
 * national number such as `'99999999'`), which is what is sent.
 */
export class Sms {
  static {
    brand(this, 'Sms');
  }
  /** The normalised number: `+` and digits, or digits alone. */
  readonly number: string;
  /** Checks the number, else ValidationError. */
  constructor(number: string) {
    // From the server the value is kept as sent. The message names the rule, not the value: it is personal data.
    if (received) {
      this.number = number;
    } else {
      checkText('sms', number, 1, 40);
      const normalised = normaliseMobileNumber(number);
      if (!/^\+?[0-9]{4,19}$/.test(normalised))
        throw new ValidationError('sms', 'must be a mobile number: 4 to 19 digits, optionally after "+" (spaces and dashes allowed)');
      this.number = normalised;
    }
    Object.freeze(this);
  }
  /** For logs. */
  toString(): string {
    return `Sms(${this.number})`;
  }
}

/**
 * Spaces (any, including no-break) and dashes go; a leading `00` followed by a country code and number (7 or
 * more digits) becomes `+`. A short number starting with `00` is kept: it cannot be an international one.
 */
function normaliseMobileNumber(number: string): string {
  const compact = number.replace(/[\s\u00A0\u2007\u202F\-\u2010-\u2015]/g, '');
  return /^00[0-9]{7,}$/.test(compact) ? `+${compact.slice(2)}` : compact;
}

/** A portal signer identified by contact information alone (no identity number): e-mail, mobile, or both. */
export class ContactInformation {
  static {
    brand(this, 'ContactInformation');
  }
  /** The signer's e-mail address, if given. */
  readonly email: Email | undefined;
  /** The signer's mobile number, if given. */
  readonly sms: Sms | undefined;
  /** Needs an e-mail address, a mobile number, or both, else ValidationError. */
  constructor(init: { email?: Email | undefined; sms?: Sms | undefined }) {
    if (!init || (init.email === undefined && init.sms === undefined)) {
      throw new ValidationError('contactInformation', 'needs an e-mail address, a mobile number, or both');
    }
    if (init.email !== undefined && !(init.email instanceof Email)) throw new ValidationError('contactInformation.email', 'must be an Email');
    if (init.sms !== undefined && !(init.sms instanceof Sms)) throw new ValidationError('contactInformation.sms', 'must be an Sms');
    this.email = init.email;
    this.sms = init.sms;
    Object.freeze(this);
  }
  /** Whether `other` has the same e-mail address and mobile number. */
  equals(other: unknown): boolean {
    return other instanceof ContactInformation && other.email?.address === this.email?.address && other.sms?.number === this.sms?.number;
  }
  /** For logs. */
  toString(): string {
    return `ContactInformation(${[this.email?.address, this.sms?.number].filter(Boolean).join(', ')})`;
  }
}

/** Any way a signer can be identified. */
export type SignerIdentifier = PersonalIdentificationNumber | CustomIdentifier | ContactInformation;

/** The key a signer is matched by (PIN, custom id, or e-mail/mobile), for lookups and uniqueness checks. */
export function identifierKey(id: SignerIdentifier): string {
  if (id instanceof PersonalIdentificationNumber) return `pin:${id.value}`;
  if (id instanceof CustomIdentifier) return `custom:${id.value}`;
  return `contact:${id.email?.address ?? ''}|${id.sms?.number ?? ''}`;
}
