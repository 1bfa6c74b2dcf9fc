import { useI18n } from '../i18n.ts';

export const PAGE_SIZES = [25, 50, 100, 200];

/** Paging done by the server: the page shows where it is in the total and moves by offset. */
export function Pager({ total, limit, offset, onChange }: { total: number; limit: number; offset: number; onChange(offset: number, limit: number): void }) {
  const { t } = useI18n();
  const first = total === 0 ? 0 : offset + 1;
  const last = Math.min(offset + limit, total);
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <span className="pager-range" aria-live="polite">
        {t('pager.range', { first, last, total })}
      </span>
      <label className="pager-size">
        {t('pager.pageSize')}
        <select value={limit} onChange={(e) => onChange(0, Number(e.target.value))}>
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button" disabled={offset === 0} onClick={() => onChange(0, limit)}>
        {t('pager.first')}
      </button>
      <button type="button" className="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit), limit)}>
        {t('pager.previous')}
      </button>
      <span className="pager-page">{t('pager.page', { page, pages })}</span>
      <button type="button" className="button" disabled={last >= total} onClick={() => onChange(offset + limit, limit)}>
        {t('pager.next')}
      </button>
    </nav>
  );
}
