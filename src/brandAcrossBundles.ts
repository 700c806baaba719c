/**
 * Makes `instanceof errorClass` hold for instances made by any copy of the class. The package ships two
 * bundles (`dist/index.js` for `require`, `dist/index.mjs` for `import`), each with its own copy: a
 * registry-wide symbol on the prototype (not on each instance, so logs and inspection stay as they are)
 * brands instances of either copy. Subclasses keep the ordinary prototype check.
 */
export function brandAcrossBundles(errorClass: abstract new (...args: never[]) => object, name: string): void {
  const brand = Symbol.for(`smithy-resilience.${name}`);
  Object.defineProperty(errorClass.prototype, brand, { value: true });
  Object.defineProperty(errorClass, Symbol.hasInstance, {
    value(this: unknown, value: unknown): boolean {
      if (this !== errorClass) return Function.prototype[Symbol.hasInstance].call(this, value);
      return typeof value === "object" && value !== null && (value as { [brand]?: unknown })[brand] === true;
    },
  });
}
