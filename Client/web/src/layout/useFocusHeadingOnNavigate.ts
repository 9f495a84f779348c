import { useEffect, useRef, type RefObject } from 'react';
import { useLocation } from 'react-router';

/** After client-side navigation (not the first render), move focus to the new page's <h1>. */
export function useFocusHeadingOnNavigate(mainRef: RefObject<HTMLElement | null>): void {
  const location = useLocation();
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [location.pathname, mainRef]);
}
