import { hasBrand, markKinds } from './brand.js';
import { maskPersonalData } from './mask.js';

/**
 * The root of every error this SDK throws. Its message is masked (`maskPersonalData`): no identity number
 * reaches a message, whoever wrote the text (the SDK, or the server in an `error-message` or a value it sent).
 *
 * `instanceof` is answered by a brand, not by the prototype chain: when an application loads both the ESM and
 * the CJS build (or two copies in nested node_modules), classes are duplicated, and a plain prototype check would
 * fail. Each class names its kind; an error carries the kinds of its whole ancestry (see `brand.ts`).
 */
export class SignatureError extends Error {
  /** The brand of this class; subclasses override it with their own name. */
  static readonly kind: string = 'SignatureError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(maskPersonalData(message), options?.cause === undefined ? undefined : { cause: options.cause });
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c)) {
      const kind = (c as { kind?: unknown }).kind;
      if (typeof kind === 'string' && !kinds.includes(kind)) kinds.push(kind);
    }
    markKinds(this, kinds);
    Object.defineProperty(this, 'name', { value: new.target.kind, enumerable: false, configurable: true, writable: true });
  }

  /** True for an error branded with this class's kind, whichever copy of the package made it. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, this.kind);
  }
}
