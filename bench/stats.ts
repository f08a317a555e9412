// Small helpers shared by the bench scripts: percentiles, rounding, argument parsing.

export interface LatencySummary {
  /** Timed samples (warm-up excluded). */
  n: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50), 4),
    p90: round(percentile(sorted, 90), 4),
    p99: round(percentile(sorted, 99), 4),
    mean: round(sorted.length > 0 ? sum / sorted.length : Number.NaN, 4),
    max: round(sorted.at(-1) ?? Number.NaN, 4),
  };
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function megabytes(bytes: number): number {
  return round(bytes / 1024 / 1024, 1);
}

/** `--name value` (or `--name=value`) from argv, else undefined. */
export function option(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === `--${name}`) return argv[i + 1];
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

export function numberOption(argv: readonly string[], name: string, fallback: number): number {
  const raw = option(argv, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
}

export function flag(argv: readonly string[], name: string): boolean {
  return argv.includes(`--${name}`);
}

export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
