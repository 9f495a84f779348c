import { Link } from 'react-router';
import { folderCrumbs, folderHref } from './paths';

interface BreadcrumbsProps {
  /** The page above the namespace: "Files" → /files, or "Public files" → /public. */
  top: { name: string; href: string };
  namespaceName: string;
  basePath: string;
  folder: string;
}

/** Files › namespace › a › b, the last one being the current folder. */
export function Breadcrumbs({ top, namespaceName, basePath, folder }: BreadcrumbsProps) {
  const crumbs = [{ name: namespaceName, folder: '' }, ...folderCrumbs(folder)];
  return (
    <nav aria-label="Breadcrumbs">
      <ol className="breadcrumbs">
        <li>
          <Link to={top.href}>{top.name}</Link>
        </li>
        {crumbs.map((crumb, i) =>
          i === crumbs.length - 1 ? (
            <li key={crumb.folder}>
              <span aria-current="page">{crumb.name}</span>
            </li>
          ) : (
            <li key={crumb.folder}>
              <Link to={folderHref(basePath, crumb.folder)}>{crumb.name}</Link>
            </li>
          ),
        )}
      </ol>
    </nav>
  );
}
