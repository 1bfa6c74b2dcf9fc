import { Route, Routes } from 'react-router';
import { useAuth } from './auth.tsx';
import { Layout } from './components/Layout.tsx';
import { PageHeader } from './components/PageHeader.tsx';
import { RequirePermission } from './components/RequirePermission.tsx';
import { useI18n } from './i18n.ts';
import { CustomerPage } from './pages/CustomerPage.tsx';
import { CustomersPage } from './pages/CustomersPage.tsx';
import { DecisionPage } from './pages/decisions/DecisionPage.tsx';
import { DecisionsPage } from './pages/decisions/DecisionsPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { ImportPage } from './pages/ImportPage.tsx';
import { LocationsPage } from './pages/LocationsPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { LotsPage } from './pages/LotsPage.tsx';
import { ProductsPage } from './pages/ProductsPage.tsx';
import { ComplaintsPage } from './pages/complaints/ComplaintsPage.tsx';
import { WinbackReasonsPage } from './pages/winback/WinbackReasonsPage.tsx';
import { BudgetsPage } from './pages/winback/BudgetsPage.tsx';
import { RecallDetailPage } from './pages/recalls/RecallDetailPage.tsx';
import { RecallNewPage } from './pages/recalls/RecallNewPage.tsx';
import { RecallPartnersPage } from './pages/recalls/RecallPartnersPage.tsx';
import { RecallsPage } from './pages/recalls/RecallsPage.tsx';
import { InstancePage } from './pages/processes/InstancePage.tsx';
import { ProcessEditorPage } from './pages/processes/ProcessEditorPage.tsx';
import { ProcessesPage } from './pages/processes/ProcessesPage.tsx';
import { ProcessPage } from './pages/processes/ProcessPage.tsx';
import { AuditPage } from './pages/settings/AuditPage.tsx';
import { CalendarsPage } from './pages/settings/CalendarsPage.tsx';
import { CompanyPage } from './pages/settings/CompanyPage.tsx';
import { TokensPage } from './pages/settings/TokensPage.tsx';
import { UsersPage } from './pages/settings/UsersPage.tsx';
import { CasePage } from './pages/work/CasePage.tsx';
import { CasesPage } from './pages/work/CasesPage.tsx';
import { MailboxMessagePage } from './pages/work/MailboxMessagePage.tsx';
import { MailboxPage } from './pages/work/MailboxPage.tsx';
import { MessagePage } from './pages/work/MessagePage.tsx';
import { MessagesPage } from './pages/work/MessagesPage.tsx';
import { TaskPage } from './pages/work/TaskPage.tsx';
import { TasksPage } from './pages/work/TasksPage.tsx';
import { TemplatePage } from './pages/work/TemplatePage.tsx';
import { TemplatesPage } from './pages/work/TemplatesPage.tsx';

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
        <Route path="complaints" element={guarded('cases:read', <ComplaintsPage />)} />
        <Route path="recalls" element={guarded('recalls:read', <RecallsPage />)} />
        <Route path="recalls/new" element={guarded('recalls:write', <RecallNewPage />)} />
        <Route path="recall-partners" element={guarded('recalls:read', <RecallPartnersPage />)} />
        <Route path="recalls/:id" element={guarded('recalls:read', <RecallDetailPage />)} />
        <Route path="compensation/budgets" element={guarded('compensation:budgets', <BudgetsPage />)} />
        <Route path="winback/reasons" element={guarded('data:read', <WinbackReasonsPage />)} />
        <Route path="customers" element={guarded('data:read', <CustomersPage />)} />
        <Route path="customers/:id" element={guarded('data:read', <CustomerPage />)} />
        <Route path="products" element={guarded('data:read', <ProductsPage />)} />
        <Route path="lots" element={guarded('data:read', <LotsPage />)} />
        <Route path="locations" element={guarded('data:read', <LocationsPage />)} />
        <Route path="import" element={guarded('data:write', <ImportPage />)} />
        <Route path="processes" element={guarded('processes:read', <ProcessesPage />)} />
        <Route path="processes/new" element={guarded('processes:deploy', <ProcessEditorPage />)} />
        <Route path="processes/instances/:id" element={guarded('processes:read', <InstancePage />)} />
        <Route path="processes/:processId" element={guarded('processes:read', <ProcessPage />)} />
        <Route path="processes/:processId/edit" element={guarded('processes:deploy', <ProcessEditorPage />)} />
        <Route path="decisions" element={guarded('rules:read', <DecisionsPage />)} />
        <Route path="decisions/:key" element={guarded('rules:read', <DecisionPage />)} />
        <Route path="tasks" element={guarded('tasks:work', <TasksPage />)} />
        <Route path="tasks/:id" element={guarded('tasks:work', <TaskPage />)} />
        <Route path="cases" element={guarded('cases:read', <CasesPage />)} />
        <Route path="cases/:id" element={guarded('cases:read', <CasePage />)} />
        <Route path="messages" element={guarded('comms:read', <MessagesPage />)} />
        <Route path="messages/:id" element={guarded('comms:read', <MessagePage />)} />
        <Route path="mailbox" element={guarded('comms:mailbox', <MailboxPage />)} />
        <Route path="mailbox/:id" element={guarded('comms:mailbox', <MailboxMessagePage />)} />
        <Route path="templates" element={guarded('comms:read', <TemplatesPage />)} />
        <Route path="templates/:key/:language" element={guarded('comms:read', <TemplatePage />)} />
        <Route path="settings/company" element={guarded('company:manage', <CompanyPage />)} />
        <Route path="settings/users" element={guarded('users:manage', <UsersPage />)} />
        <Route path="settings/tokens" element={guarded('tokens:manage', <TokensPage />)} />
        <Route path="settings/audit" element={guarded('audit:read', <AuditPage />)} />
        <Route path="settings/calendars" element={guarded('cases:configure', <CalendarsPage />)} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
