'use client';

import { useEffect, useState } from 'react';

/**
 * False in the server-rendered HTML and until React has hydrated the component, then true. A
 * button that opens client state (a dialog, a form) stays disabled until then, so a click made
 * while the page is still loading is never lost or half-handled.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
