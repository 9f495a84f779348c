import { useQuery } from '@tanstack/react-query';
import { computeUsageApi } from '../api/compute';
import { ErrorAlert } from '../ui/ErrorAlert';
import { Loading } from '../ui/Loading';
import { ComputeUsageDetails } from './ComputeUsageDetails';
import { computeKeys } from './queryKeys';

/** GET /api/me/compute: what your containers' limits add up to against your quota. */
export function ComputeUsageSection() {
  const usage = useQuery({ queryKey: computeKeys.usage, queryFn: ({ signal }) => computeUsageApi.mine(signal) });
  return (
    <section className="card stack" aria-labelledby="compute-usage-title">
      <h2 id="compute-usage-title">Your quota</h2>
      <p className="muted">Every container counts with its CPU and memory limits, whether it runs or not.</p>
      {usage.isPending && <Loading label="Loading your quota…" />}
      {usage.isError && <ErrorAlert error={usage.error} onRetry={() => void usage.refetch()} />}
      {usage.data && <ComputeUsageDetails usage={usage.data} />}
    </section>
  );
}
