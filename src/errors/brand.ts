/**
 * Brands answer `instanceof` for the SDK's classes when an application holds objects from two copies of the
 * package: the ESM and the CJS build (a `require` somewhere in an ESM app, a test runner, a CLI), or two nested
 * `node_modules` copies. Each copy has its own classes, so a prototype check would refuse a `Sender` or an
 * `Environment` made by the other; a brand is a list of kind names under a global symbol, shared by every copy.
 */
const KINDS = Symbol.for('posten-signering.kinds');
const OWN_KIND = Symbol.for('posten-signering.kind');

type Branded = { readonly [KINDS]?: readonly string[] };

/** Whether `value` carries the brand `kind` (on itself or its prototype chain). */
export function hasBrand(value: unknown, kind: string): boolean {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const kinds = (value as Branded)[KINDS];
  return Array.isArray(kinds) && kinds.includes(kind);
}

/** Puts the kinds on `target` (an instance or a prototype), hidden from enumeration, JSON and equality checks. */
export function markKinds(target: object, kinds: readonly string[]): void {
  Object.defineProperty(target, KINDS, { value: Object.freeze([...kinds]), enumerable: false, configurable: true });
}

/**
 * Brands a class from its static block (`static { brand(this, 'Sender'); }`): its instances, and those of its
 * subclasses, carry `kind` and the kinds of its branded ancestors on their prototype (so frozen instances are
 * branded too), and `instanceof` answers by the brand. A subclass that is not branded itself keeps the
 * ordinary prototype check for its own `instanceof`.
 */
export function brand(cls: { readonly prototype: object }, kind: string): void {
  const parent = Object.getPrototypeOf(cls.prototype) as Branded | null;
  markKinds(cls.prototype, [kind, ...(parent?.[KINDS] ?? [])]);
  Object.defineProperty(cls, OWN_KIND, { value: kind, enumerable: false });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: object, value: unknown): boolean {
      return Object.prototype.hasOwnProperty.call(this, OWN_KIND)
        ? hasBrand(value, (this as Record<symbol, string>)[OWN_KIND] as string)
        : Function.prototype[Symbol.hasInstance].call(this, value);
    },
    enumerable: false,
    configurable: true,
  });
}
