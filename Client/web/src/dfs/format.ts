const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Binary units with three significant digits, as `edd dfs status` prints them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) return `${Math.max(0, Math.round(bytes || 0))} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Share of capacity in use, 0-100; 0 when there is no capacity. */
export function usedPercent(freeBytes: number, capacityBytes: number): number {
  if (capacityBytes <= 0) return 0;
  return Math.min(100, Math.max(0, ((capacityBytes - freeBytes) / capacityBytes) * 100));
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", else the date. */
export function formatAgo(iso: string, now: number): string {
  const then = new Date(iso).getTime();
  if (Number.isNaN(then)) return iso;
  const seconds = (now - then) / 1000;
  if (seconds < 2) return 'just now';
  if (seconds < 120) return `${Math.round(seconds)} s ago`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h ago`;
  return new Date(then).toLocaleString();
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

export function formatElapsed(seconds: number): string {
  if (seconds < 1) return 'under 1 s';
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  pb: 1e15,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
  pib: 2 ** 50,
};

/** "10 GiB", "1.5 MiB", "500 MB" (decimal) or a plain number of bytes → whole bytes; null for anything else. */
export function parseByteSize(text: string): number | null {
  const match = text.trim().match(/^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i);
  if (!match) return null;
  const multiplier = SIZE_UNITS[match[2]!.toLowerCase()];
  if (multiplier === undefined) return null;
  const bytes = Math.round(Number(match[1]) * multiplier);
  return Number.isSafeInteger(bytes) ? bytes : null;
}

/** Bytes in the largest unit that says them exactly ("10 GiB", "500 MB"), so parseByteSize gives them back unchanged. */
export function formatExactBytes(bytes: number): string {
  for (const unit of ['PiB', 'TiB', 'GiB', 'MiB', 'KiB', 'PB', 'TB', 'GB', 'MB', 'kB']) {
    const size = SIZE_UNITS[unit.toLowerCase()]!;
    if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return String(bytes);
}
