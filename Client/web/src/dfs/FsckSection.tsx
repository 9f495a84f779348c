import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { dfsApi } from '../api/dfs';
import type { DfsFsckReport, DfsProblem, DfsSeverity } from '../api/types';
import { ErrorAlert } from '../ui/ErrorAlert';
import { formatBytes, formatElapsed, plural } from './format';

const SEVERITIES: { severity: DfsSeverity; title: string }[] = [
  { severity: 'error', title: 'Errors' },
  { severity: 'warning', title: 'Warnings' },
  { severity: 'info', title: 'Info' },
];

/** Whole seconds since `running` became true; frozen when it turns false. */
function useElapsedSeconds(running: boolean): number {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    if (!running) return;
    const started = Date.now();
    setSeconds(0);
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return seconds;
}

export function FsckSection() {
  const verifyId = useId();
  const [verify, setVerify] = useState(true);
  const fsck = useMutation({ mutationFn: (withVerify: boolean) => dfsApi.fsck(withVerify) });
  const elapsed = useElapsedSeconds(fsck.isPending);

  return (
    <section className="card stack" aria-labelledby="dfs-fsck-title" aria-busy={fsck.isPending}>
      <h2 id="dfs-fsck-title">File system check</h2>
      <p className="muted">
        Checks every file's chunks and replicas and lists every problem. Verifying reads every replica in full, which takes as long as
        reading all stored data once.
      </p>
      <div className="actions fsck-actions">
        <label className="checkbox" htmlFor={verifyId}>
          <input id={verifyId} type="checkbox" checked={verify} disabled={fsck.isPending} onChange={(e) => setVerify(e.target.checked)} />
          Verify replicas
        </label>
        <button type="button" className="button button-primary" disabled={fsck.isPending} onClick={() => fsck.mutate(verify)}>
          {fsck.isPending ? 'Running fsck…' : 'Run fsck'}
        </button>
      </div>
      {fsck.isPending && (
        <p role="status" className="loading">
          <span className="spinner" aria-hidden="true" />
          {verify ? 'Reading every replica' : 'Checking metadata'}… {formatElapsed(elapsed)}
        </p>
      )}
      {fsck.isError && <ErrorAlert error={fsck.error} />}
      {fsck.data && !fsck.isPending && <FsckReport report={fsck.data} verified={fsck.variables} seconds={elapsed} />}
    </section>
  );
}

function FsckReport({ report, verified, seconds }: { report: DfsFsckReport; verified: boolean; seconds: number }) {
  const hasErrors = report.errors > 0 || report.problems.some((p) => p.severity === 'error');
  return (
    <div className="stack" data-testid="fsck-report">
      <p role="status" className={hasErrors ? 'alert alert-error' : 'alert alert-success'}>
        {hasErrors ? (
          <>
            <strong>Not healthy:</strong> {plural(report.errors, 'error')} and {plural(report.warnings, 'warning')}. Some data is unreadable or
            wrong; see the errors below.
          </>
        ) : (
          <>
            <strong>Healthy:</strong> no errors{report.warnings > 0 ? `, ${plural(report.warnings, 'warning')} below` : ''}.
          </>
        )}
      </p>
      {report.truncated && (
        <p className="alert alert-warning">
          Only the first {report.problems.length} problems are listed; there are more, and the counts include only the listed ones. Fix these
          and run fsck again.
        </p>
      )}
      <dl className="details">
        <dt>Files</dt>
        <dd>{report.files}</dd>
        <dt>Chunks</dt>
        <dd>{report.chunks}</dd>
        <dt>Replicas verified</dt>
        <dd>{verified ? `${report.replicasVerified} (${formatBytes(report.bytesVerified)} read)` : 'none read (verify was off)'}</dd>
        <dt>Unreferenced replicas</dt>
        <dd>{report.unreferencedReplicas}</dd>
        <dt>Took</dt>
        <dd>{formatElapsed(seconds)}</dd>
      </dl>
      {SEVERITIES.map(({ severity, title }) => {
        const problems = report.problems.filter((p) => p.severity === severity);
        return problems.length > 0 && <ProblemGroup key={severity} title={`${title} (${problems.length})`} problems={problems} />;
      })}
    </div>
  );
}

function ProblemGroup({ title, problems }: { title: string; problems: DfsProblem[] }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="stack">
      <h3 id={id}>{title}</h3>
      <ul className="problem-list">
        {problems.map((problem, index) => (
          <li key={index} className={`problem problem-${problem.severity}`}>
            <p>
              <strong>{problem.kind}</strong>
              {problem.path && <span className="mono"> {problem.path}</span>}
            </p>
            <Where problem={problem} />
            <p>{problem.detail}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Where({ problem }: { problem: DfsProblem }) {
  const parts = [
    problem.chunkId && `chunk ${problem.chunkId}`,
    problem.node && `node ${problem.node}`,
    problem.disk && `disk ${problem.disk}`,
  ].filter(Boolean);
  return parts.length > 0 ? <p className="muted mono">{parts.join(', ')}</p> : null;
}
