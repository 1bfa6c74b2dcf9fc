import type { ReactNode } from 'react';
import { useI18n } from '../i18n.ts';

export interface Column<Row> {
  key: string;
  header: string;
  render(row: Row): ReactNode;
  /** Server sort keys for ascending and descending order, when the column sorts. */
  sort?: { asc: string; desc: string };
  align?: 'start' | 'end';
}

interface Props<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[] | undefined;
  rowKey(row: Row): string | number;
  loading?: boolean;
  sort?: string;
  onSort?(sort: string): void;
  empty?: string;
}

/**
 * A table of server-side data. Sorting asks the server (the header buttons change the
 * sort key); the caption names the table for screen readers.
 */
export function DataTable<Row>({ caption, columns, rows, rowKey, loading, sort, onSort, empty }: Props<Row>) {
  const { t } = useI18n();
  return (
    <div className="table-wrap" aria-busy={loading ? 'true' : 'false'}>
      <table className={`data-table${loading ? ' is-loading' : ''}`}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const direction = column.sort && sort === column.sort.asc ? 'ascending' : column.sort && sort === column.sort.desc ? 'descending' : undefined;
              return (
                <th key={column.key} scope="col" aria-sort={direction ?? (column.sort ? 'none' : undefined)} className={column.align === 'end' ? 'num' : undefined}>
                  {column.sort && onSort ? (
                    <button
                      type="button"
                      className="sort-button"
                      onClick={() => onSort(direction === 'ascending' ? column.sort!.desc : column.sort!.asc)}
                    >
                      {column.header}
                      <span aria-hidden="true" className="sort-mark">
                        {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
                      </span>
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows?.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} className={column.align === 'end' ? 'num' : undefined}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
          {rows && rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty ?? t('table.empty')}
              </td>
            </tr>
          ) : null}
          {!rows && loading ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {t('common.loading')}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
