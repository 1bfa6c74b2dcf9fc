import type { ReactNode } from 'react';
import { Link } from 'react-router';

export function StatCard({ label, value, to, hint }: { label: string; value: ReactNode; to?: string; hint?: ReactNode }) {
  const body = (
    <>
      <span className="stat-label">{label}</span>
      <span className="stat-value">{value}</span>
      {hint ? <span className="stat-hint">{hint}</span> : null}
    </>
  );
  return to ? (
    <Link className="stat-card" to={to}>
      {body}
    </Link>
  ) : (
    <div className="stat-card">{body}</div>
  );
}
