import { lazy, type ComponentType } from 'react';
import { Route, Routes } from 'react-router';
import { useAuth } from './auth.tsx';
import { Layout } from './components/Layout.tsx';
import { PageHeader } from './components/PageHeader.tsx';
import { RequirePermission } from './components/RequirePermission.tsx';
import { useI18n } from './i18n.ts';
import { LoginPage } from './pages/LoginPage.tsx';

/**
 * Every page is its own chunk, loaded when its route is first opened: the sign-in screen and
 * the shell load without the modeler, the decision editor, form-js or the charts (issue 17,
 * point 8; the sizes are in the README).
 */
function page<Name extends string>(load: () => Promise<Record<Name, ComponentType>>, name: Name) {
  return lazy(async () => ({ default: (await load())[name] }));
}

const CustomerPage = page(() => import('./pages/CustomerPage.tsx'), 'CustomerPage');
const CustomersPage = page(() => import('./pages/CustomersPage.tsx'), 'CustomersPage');
const DecisionPage = page(() => import('./pages/decisions/DecisionPage.tsx'), 'DecisionPage');
const DecisionsPage = page(() => import('./pages/decisions/DecisionsPage.tsx'), 'DecisionsPage');
const HomePage = page(() => import('./pages/HomePage.tsx'), 'HomePage');
const ImportPage = page(() => import('./pages/ImportPage.tsx'), 'ImportPage');
const LocationsPage = page(() => import('./pages/LocationsPage.tsx'), 'LocationsPage');
const LotsPage = page(() => import('./pages/LotsPage.tsx'), 'LotsPage');
const ProductsPage = page(() => import('./pages/ProductsPage.tsx'), 'ProductsPage');
const ComplaintsPage = page(() => import('./pages/complaints/ComplaintsPage.tsx'), 'ComplaintsPage');
const DeliveryDashboardPage = page(() => import('./pages/delivery/DeliveryDashboardPage.tsx'), 'DeliveryDashboardPage');
const DeliveryIncidentPage = page(() => import('./pages/delivery/DeliveryIncidentPage.tsx'), 'DeliveryIncidentPage');
const DeliveryIncidentsPage = page(() => import('./pages/delivery/DeliveryIncidentsPage.tsx'), 'DeliveryIncidentsPage');
const RecallDetailPage = page(() => import('./pages/recalls/RecallDetailPage.tsx'), 'RecallDetailPage');
const RecallNewPage = page(() => import('./pages/recalls/RecallNewPage.tsx'), 'RecallNewPage');
const RecallPartnersPage = page(() => import('./pages/recalls/RecallPartnersPage.tsx'), 'RecallPartnersPage');
const RecallsPage = page(() => import('./pages/recalls/RecallsPage.tsx'), 'RecallsPage');
const InstancePage = page(() => import('./pages/processes/InstancePage.tsx'), 'InstancePage');
const ProcessEditorPage = page(() => import('./pages/processes/ProcessEditorPage.tsx'), 'ProcessEditorPage');
const ProcessesPage = page(() => import('./pages/processes/ProcessesPage.tsx'), 'ProcessesPage');
const ProcessPage = page(() => import('./pages/processes/ProcessPage.tsx'), 'ProcessPage');
const AuditPage = page(() => import('./pages/settings/AuditPage.tsx'), 'AuditPage');
const CalendarsPage = page(() => import('./pages/settings/CalendarsPage.tsx'), 'CalendarsPage');
const CompanyPage = page(() => import('./pages/settings/CompanyPage.tsx'), 'CompanyPage');
const TokensPage = page(() => import('./pages/settings/TokensPage.tsx'), 'TokensPage');
const UsersPage = page(() => import('./pages/settings/UsersPage.tsx'), 'UsersPage');
const CasePage = page(() => import('./pages/work/CasePage.tsx'), 'CasePage');
const CasesPage = page(() => import('./pages/work/CasesPage.tsx'), 'CasesPage');
const MailboxMessagePage = page(() => import('./pages/work/MailboxMessagePage.tsx'), 'MailboxMessagePage');
const MailboxPage = page(() => import('./pages/work/MailboxPage.tsx'), 'MailboxPage');
const MessagePage = page(() => import('./pages/work/MessagePage.tsx'), 'MessagePage');
const MessagesPage = page(() => import('./pages/work/MessagesPage.tsx'), 'MessagesPage');
const TaskPage = page(() => import('./pages/work/TaskPage.tsx'), 'TaskPage');
const TasksPage = page(() => import('./pages/work/TasksPage.tsx'), 'TasksPage');
const TemplatePage = page(() => import('./pages/work/TemplatePage.tsx'), 'TemplatePage');
const TemplatesPage = page(() => import('./pages/work/TemplatesPage.tsx'), 'TemplatesPage');
const SegmentPage = page(() => import('./pages/segments/SegmentPage.tsx'), 'SegmentPage');
const SegmentsPage = page(() => import('./pages/segments/SegmentsPage.tsx'), 'SegmentsPage');
const PrivacyPage = page(() => import('./pages/settings/PrivacyPage.tsx'), 'PrivacyPage');
const WinbackReasonsPage = page(() => import('./pages/winback/WinbackReasonsPage.tsx'), 'WinbackReasonsPage');
const WinbackReportsPage = page(() => import('./pages/winback/WinbackReportsPage.tsx'), 'WinbackReportsPage');
const BudgetsPage = page(() => import('./pages/winback/BudgetsPage.tsx'), 'BudgetsPage');

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
        <Route path="delivery" element={guarded('data:read', <DeliveryDashboardPage />)} />
        <Route path="delivery/incidents" element={guarded('data:read', <DeliveryIncidentsPage />)} />
        <Route path="delivery/incidents/:id" element={guarded('data:read', <DeliveryIncidentPage />)} />
        <Route path="recalls" element={guarded('recalls:read', <RecallsPage />)} />
        <Route path="recalls/new" element={guarded('recalls:write', <RecallNewPage />)} />
        <Route path="recall-partners" element={guarded('recalls:read', <RecallPartnersPage />)} />
        <Route path="recalls/:id" element={guarded('recalls:read', <RecallDetailPage />)} />
        <Route path="segments" element={guarded('data:read', <SegmentsPage />)} />
        <Route path="segments/new" element={guarded('winback:configure', <SegmentPage />)} />
        <Route path="segments/:id" element={guarded('data:read', <SegmentPage />)} />
        <Route path="compensation/budgets" element={guarded('compensation:budgets', <BudgetsPage />)} />
        <Route path="winback/reasons" element={guarded('data:read', <WinbackReasonsPage />)} />
        <Route path="winback/reports" element={guarded('data:read', <WinbackReportsPage />)} />
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
        <Route path="settings/privacy" element={guarded('privacy:manage', <PrivacyPage />)} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
