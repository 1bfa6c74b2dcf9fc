import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list's filters, sort and page live in the address, so a filtered view can be
 * bookmarked, shared and returned to with the back button.
 */
export function useListParams<Filter extends string>(filterNames: readonly Filter[], defaults: { sort?: string; limit?: number } = {}) {
  const [params, setParams] = useSearchParams();
  const filters = Object.fromEntries(filterNames.map((name) => [name, params.get(name) ?? ''])) as Record<Filter, string>;
  const sort = params.get('sort') ?? defaults.sort ?? '';
  const limit = Number(params.get('limit') ?? defaults.limit ?? 50) || 50;
  const offset = Number(params.get('offset') ?? 0) || 0;

  const update = useCallback(
    (changes: Record<string, string | number | undefined>, keepOffset = false) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === undefined || value === '') next.delete(key);
            else next.set(key, String(value));
          }
          if (!keepOffset) next.delete('offset');
          return next;
        },
        { replace: true },
      );
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
