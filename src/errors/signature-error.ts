import { hasBrand, markKinds } from './brand.js';

/**
 * The root of every error this SDK throws.
 *
 * `instanceof` is answered by a brand, not by the prototype chain: when an application loads both the ESM and
 * the CJS build (or two copies in nested node_modules), classes are duplicated, and a plain prototype check would
 * fail. Each class names its kind; an error carries the kinds of its whole ancestry (see `brand.ts`).
 */
export class SignatureError extends Error {
  /** The brand of this class; subclasses override it with their own name. */
  static readonly kind: string = 'SignatureError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c)) {
      const kind = (c as { kind?: unknown }).kind;
      if (typeof kind === 'string' && !kinds.includes(kind)) kinds.push(kind);
    }
    markKinds(this, kinds);
    Object.defineProperty(this, 'name', { value: new.target.kind, enumerable: false, configurable: true, writable: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, this.kind);
  }
}
