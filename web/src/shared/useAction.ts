import { useCallback, useState } from 'react';
import type { ApiError } from './api.ts';

export interface ActionState {
  busy: boolean;
  error: ApiError | Error | undefined;
  /** Runs `action`, busy meanwhile; its failure becomes `error` (shown by ErrorMessage) and the result `undefined`. */
  run<T>(action: () => Promise<T>): Promise<T | undefined>;
}

/** A button's or form's request: busy while it runs, the last failure kept for display. */
export function useAction(): ActionState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error>();
  const run = useCallback(async <T,>(action: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(undefined);
    try {
      return await action();
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}
