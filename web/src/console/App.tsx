import { Route, Routes } from 'react-router';
import { useAuth } from './auth.tsx';
import { Layout } from './components/Layout.tsx';
import { PageHeader } from './components/PageHeader.tsx';
import { RequirePermission } from './components/RequirePermission.tsx';
import { useI18n } from './i18n.ts';
import { CustomerPage } from './pages/CustomerPage.tsx';
import { CustomersPage } from './pages/CustomersPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { ImportPage } from './pages/ImportPage.tsx';
import { LocationsPage } from './pages/LocationsPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { LotsPage } from './pages/LotsPage.tsx';
import { ProductsPage } from './pages/ProductsPage.tsx';
import { AuditPage } from './pages/settings/AuditPage.tsx';
import { TokensPage } from './pages/settings/TokensPage.tsx';
import { UsersPage } from './pages/settings/UsersPage.tsx';

function NotFoundPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('error.notFoundTitle')} />
      <p className="muted">{t('error.notFoundPage')}</p>
    </>
  );
}

export function App() {
  const { me } = useAuth();
  const { t } = useI18n();
  if (me === undefined) {
    return (
      <div className="splash" role="status">
        {t('common.loading')}
      </div>
    );
  }
  if (me === null) return <LoginPage />;
  const guarded = (permission: string, page: React.ReactNode) => <RequirePermission permission={permission}>{page}</RequirePermission>;
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<HomePage />} />
        <Route path="customers" element={guarded('data:read', <CustomersPage />)} />
        <Route path="customers/:id" element={guarded('data:read', <CustomerPage />)} />
        <Route path="products" element={guarded('data:read', <ProductsPage />)} />
        <Route path="lots" element={guarded('data:read', <LotsPage />)} />
        <Route path="locations" element={guarded('data:read', <LocationsPage />)} />
        <Route path="import" element={guarded('data:write', <ImportPage />)} />
        <Route path="settings/users" element={guarded('users:manage', <UsersPage />)} />
        <Route path="settings/tokens" element={guarded('tokens:manage', <TokensPage />)} />
        <Route path="settings/audit" element={guarded('audit:read', <AuditPage />)} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
