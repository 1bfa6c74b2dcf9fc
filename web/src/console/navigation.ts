import type { MessageKey } from './i18n.ts';

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Shown only to people whose role has this permission; none: everyone signed in. */
  permission?: string;
}

export interface NavGroup {
  label: MessageKey;
  items: NavItem[];
}

/** The console's map. The navigation and the route guards both read it. */
export const NAVIGATION: NavGroup[] = [
  { label: 'nav.overview', items: [{ to: '/', label: 'nav.home' }] },
  {
    label: 'nav.work',
    items: [
      { to: '/tasks', label: 'nav.tasks', permission: 'tasks:work' },
      { to: '/cases', label: 'nav.cases', permission: 'cases:read' },
    ],
  },
  {
    label: 'nav.crises',
    items: [
      { to: '/recalls', label: 'nav.recalls', permission: 'recalls:read' },
      { to: '/recall-partners', label: 'recalls.partnersNav', permission: 'recalls:read' },
      { to: '/complaints', label: 'nav.complaints', permission: 'cases:read' },
      { to: '/delivery', label: 'nav.deliveryDashboard', permission: 'data:read' },
      { to: '/segments', label: 'nav.segments', permission: 'data:read' },
      { to: '/winback/reasons', label: 'nav.winbackReasons', permission: 'data:read' },
      { to: '/winback/reports', label: 'nav.winbackReports', permission: 'data:read' },
      { to: '/compensation/budgets', label: 'nav.budgets', permission: 'compensation:budgets' },
    ],
  },
  {
    label: 'nav.dataHub',
    items: [
      { to: '/customers', label: 'nav.customers', permission: 'data:read' },
      { to: '/products', label: 'nav.products', permission: 'data:read' },
      { to: '/lots', label: 'nav.lots', permission: 'data:read' },
      { to: '/locations', label: 'nav.locations', permission: 'data:read' },
      { to: '/import', label: 'nav.import', permission: 'data:write' },
    ],
  },
  {
    label: 'nav.automation',
    items: [
      { to: '/processes', label: 'nav.processes', permission: 'processes:read' },
      { to: '/decisions', label: 'nav.decisions', permission: 'rules:read' },
    ],
  },
  {
    label: 'nav.communications',
    items: [
      { to: '/messages', label: 'nav.messages', permission: 'comms:read' },
      { to: '/mailbox', label: 'nav.mailbox', permission: 'comms:mailbox' },
      { to: '/templates', label: 'nav.templates', permission: 'comms:read' },
    ],
  },
  {
    label: 'nav.settings',
    items: [
      { to: '/settings/company', label: 'nav.company', permission: 'company:manage' },
      { to: '/settings/users', label: 'nav.users', permission: 'users:manage' },
      { to: '/settings/tokens', label: 'nav.tokens', permission: 'tokens:manage' },
      { to: '/settings/audit', label: 'nav.audit', permission: 'audit:read' },
      { to: '/settings/calendars', label: 'nav.calendars', permission: 'cases:configure' },
      { to: '/settings/privacy', label: 'nav.privacy', permission: 'privacy:manage' },
    ],
  },
];
