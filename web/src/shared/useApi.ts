import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './api.ts';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  reload(): void;
}

/**
 * GETs a path and keeps the last answer while the next one loads (a table does not
 * flash empty between pages). A newer path aborts the older request. `null` fetches nothing.
 */
export function useApi<T>(path: string | null): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError | Error>();
  const [loading, setLoading] = useState(path !== null);
  const [version, setVersion] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    const request = ++latest.current;
    setLoading(true);
    api<T>(path, { signal: controller.signal })
      .then((result) => {
        if (request !== latest.current) return;
        setData(result);
        setError(undefined);
      })
      .catch((failure: unknown) => {
        if (controller.signal.aborted || request !== latest.current) return;
        setError(failure instanceof Error ? failure : new Error(String(failure)));
      })
      .finally(() => {
        if (request === latest.current) setLoading(false);
      });
    return () => controller.abort();
  }, [path, version]);

  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { data, error, loading, reload };
}
