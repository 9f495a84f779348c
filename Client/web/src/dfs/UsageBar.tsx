import { usedPercent } from './format';

/** A capacity bar; the numbers beside it carry the meaning, so the bar itself is hidden from screen readers. */
export function UsageBar({ freeBytes, capacityBytes }: { freeBytes: number; capacityBytes: number }) {
  const used = usedPercent(freeBytes, capacityBytes);
  const level = used >= 90 ? 'usage-fill usage-full' : used >= 75 ? 'usage-fill usage-high' : 'usage-fill';
  return (
    <span className="usage-bar" aria-hidden="true">
      <span className={level} style={{ width: `${used}%` }} />
    </span>
  );
}
