/**
 * Small, pure helpers to write SVG as text: escaping, elements, scales and axis ticks.
 * @packageDocumentation
 */

/** Escapes text for XML and HTML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Attribute values; undefined ones are left out. */
export type Attributes = Record<string, string | number | undefined>;

/** Rounds coordinates to two decimals, which keeps the SVG small and stable. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** An element with escaped attributes; `children` are already markup. No children: self-closing. */
export function element(tag: string, attributes: Attributes, ...children: string[]): string {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXml(String(typeof value === "number" ? round(value) : value))}"`)
    .join("");
  return children.length === 0 ? `<${tag}${attrs}/>` : `<${tag}${attrs}>${children.join("")}</${tag}>`;
}

/** A standalone `<svg>` chart of `width` × `height` with an accessible label; `attributes` adds data-* and the like. */
export function svgChart(width: number, height: number, label: string, attributes: Attributes, ...children: string[]): string {
  return element(
    "svg",
    { xmlns: "http://www.w3.org/2000/svg", viewBox: `0 0 ${width} ${height}`, width, height, role: "img", ...attributes, "aria-label": label },
    ...children,
  );
}

/** A text element, its content escaped. */
export function text(attributes: Attributes, content: string): string {
  return element("text", attributes, escapeXml(content));
}

/** Maps [d0, d1] linearly onto [r0, r1]. */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]) {
  const span = d1 - d0 || 1;
  return (value: number) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** Maps [d0, d1] (both > 0) onto [r0, r1] on a log10 scale; values below d0 map to r0. */
export function logScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]) {
  const linear = linearScale([Math.log10(d0), Math.log10(d1)], [r0, r1]);
  return (value: number) => linear(Math.log10(Math.max(value, d0)));
}

/** The 1, 2 or 5 × 10^k at or above `rough` (rough > 0). */
export function niceStep(rough: number): number {
  if (!(rough > 0)) throw new RangeError(`niceStep needs a positive number (got ${rough})`);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].find((m) => m * magnitude >= rough * (1 - 1e-9)) ?? 10;
  return step * magnitude;
}

/** Ticks from 0 to at least `max` in nice steps, about `count` of them. */
export function linearTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const step = niceStep(max / count);
  const steps = Math.ceil(max / step - 1e-9);
  // toPrecision drops the float noise of i * step (0.30000000000000004).
  return Array.from({ length: steps + 1 }, (_, i) => Number((i * step).toPrecision(12)));
}
