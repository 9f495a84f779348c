import { usePageTitle } from '../ui/usePageTitle';
import { useCurrentUser } from '../users/session';
import { FsckSection } from './FsckSection';
import { StatusSections } from './StatusSections';

/** Admin view of the distributed file system: nodes, disks, traffic, the repair queue, and fsck on demand. */
export function FileSystemPage() {
  usePageTitle('File system');
  const me = useCurrentUser();

  if (me.role !== 'admin') {
    return (
      <div className="page stack">
        <h1 tabIndex={-1}>File system</h1>
        <p role="alert" className="alert alert-error">
          Only administrators can see the file system's nodes and disks. Ask an administrator if you need access.
        </p>
      </div>
    );
  }

  return (
    <div className="page stack-lg">
      <h1 tabIndex={-1}>File system</h1>
      <StatusSections />
      <FsckSection />
    </div>
  );
}
