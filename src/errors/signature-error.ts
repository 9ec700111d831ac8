/**
 * The root of every error this SDK throws.
 *
 * `instanceof` is answered by a brand, not by the prototype chain: when an application loads both the ESM and
 * the CJS build (or two copies in nested node_modules), classes are duplicated, and a plain prototype check would
 * fail. Each class names its kind; an error carries the kinds of its whole ancestry under a global symbol.
 */
const KINDS = Symbol.for('posten-signering.error.kinds');

type Branded = { [KINDS]?: readonly string[] };

export class SignatureError extends Error {
  /** The brand of this class; subclasses override it with their own name. */
  static readonly kind: string = 'SignatureError';

  declare readonly [KINDS]: readonly string[];

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c)) {
      const kind = (c as { kind?: unknown }).kind;
      if (typeof kind === 'string' && !kinds.includes(kind)) kinds.push(kind);
    }
    Object.defineProperty(this, KINDS, { value: Object.freeze(kinds), enumerable: false });
    Object.defineProperty(this, 'name', { value: new.target.kind, enumerable: false, configurable: true, writable: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (typeof value !== 'object' || value === null) return false;
    const kinds = (value as Branded)[KINDS];
    return Array.isArray(kinds) && kinds.includes(this.kind);
  }
}
