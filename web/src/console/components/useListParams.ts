import { useCallback, useRef } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list's filters, sort and page live in the address, so a filtered view can be
 * bookmarked, shared and returned to with the back button.
 */
export function useListParams<Filter extends string>(filterNames: readonly Filter[], defaults: { sort?: string; limit?: number } = {}) {
  const [params, setParams] = useSearchParams();
  // React Router hands a functional update the parameters of the last render, not those of an
  // update still waiting for one: two filters changed in quick succession (a user tabbing
  // through selects) would lose the first. Each update builds on the latest address instead.
  const latest = useRef(params);
  const seen = useRef(params.toString());
  if (params.toString() !== seen.current) {
    // The address moved (our update arrived, or back/forward): that is the latest now.
    seen.current = params.toString();
    latest.current = params;
  }
  const filters = Object.fromEntries(filterNames.map((name) => [name, params.get(name) ?? ''])) as Record<Filter, string>;
  const sort = params.get('sort') ?? defaults.sort ?? '';
  const limit = Number(params.get('limit') ?? defaults.limit ?? 50) || 50;
  const offset = Number(params.get('offset') ?? 0) || 0;

  const update = useCallback(
    (changes: Record<string, string | number | undefined>, keepOffset = false) => {
      const next = new URLSearchParams(latest.current);
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined || value === '') next.delete(key);
        else next.set(key, String(value));
      }
      if (!keepOffset) next.delete('offset');
      latest.current = next;
      setParams(next, { replace: true });
    },
    [setParams],
  );

  const setFilter = useCallback((name: Filter, value: string) => update({ [name]: value }), [update]);
  const setSort = useCallback((value: string) => update({ sort: value }), [update]);
  const setPage = useCallback(
    (nextOffset: number, nextLimit: number) => update({ offset: nextOffset || undefined, limit: nextLimit === 50 ? undefined : nextLimit }, true),
    [update],
  );
  return { filters, sort, limit, offset, setFilter, setSort, setPage, update };
}
