import type { ReactNode } from 'react';
import { useAuth } from '../auth.tsx';
import { useI18n } from '../i18n.ts';
import { PageHeader } from './PageHeader.tsx';

/** A route someone reached by address although their role may not see it. */
export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { can } = useAuth();
  const { t } = useI18n();
  if (can(permission)) return <>{children}</>;
  return (
    <>
      <PageHeader title={t('error.forbiddenTitle')} />
      <p className="muted">{t('error.forbiddenPage', { permission })}</p>
    </>
  );
}
