import { useCallback, useEffect, useState } from 'react';

/** Loads data for a screen; `reload` runs the loader again (after an action). */
export function useLoad<T>(loader: () => Promise<T>, deps: readonly unknown[]) {
  const [value, setValue] = useState<T | undefined>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let live = true;
    loader().then(
      (result) => live && (setValue(result), setError(undefined)),
      (failure: unknown) => live && setError(failure),
    );
    return () => {
      live = false;
    };
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { value, error, reload };
}
