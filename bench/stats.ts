/*
 * Shared measuring helpers. Every figure is a median over several timed runs after a warm-up, and every figure is
 * printed next to a baseline measured in the same process on the same data, so that machine noise and Node version
 * affect both sides alike and only the ratio is meant to be compared across machines.
 */

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export interface Timing {
  /** Median wall time of one run, ms. */
  ms: number;
  samples: number[];
}

/**
 * Times two functions alternately (a, b, a, b, …) so that drift during the run (thermal, GC of earlier
 * figures, a noisy neighbour) lands on both sides instead of on whichever ran second.
 */
export async function timePair(a: () => Promise<unknown>, b: () => Promise<unknown>, runs: number, warmup = 1): Promise<[Timing, Timing]> {
  for (let i = 0; i < warmup; i++) {
    await a();
    await b();
  }
  const sa: number[] = [];
  const sb: number[] = [];
  for (let i = 0; i < runs; i++) {
    await settle();
    let start = performance.now();
    await a();
    sa.push(performance.now() - start);
    await settle();
    start = performance.now();
    await b();
    sb.push(performance.now() - start);
  }
  return [
    { ms: median(sa), samples: sa },
    { ms: median(sb), samples: sb },
  ];
}

/** One result line: `name: value (baseline …, ratio …)`. The ratio is always value / baseline. */
export function report(name: string, value: number, baseline: number, unit: string, extra = ''): void {
  const ratio = value / baseline;
  console.log(`${name}: ${fmt(value)} ${unit} (baseline ${fmt(baseline)} ${unit}, ratio ${ratio.toFixed(2)}x)${extra ? ` ${extra}` : ''}`);
}

export function fmt(n: number): string {
  if (Math.abs(n) >= 100) return n.toFixed(0);
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

export const MB = 1024 * 1024;

/**
 * Collects garbage before a timed block (outside the clock) when the process runs with --expose-gc, as
 * `npm run bench` does: each block then pays for the garbage it makes itself, not for the block before it.
 */
export async function settle(): Promise<void> {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((resolve) => setImmediate(resolve));
}
