/**
 * What each role may do. Routes name a permission; users get permissions from their
 * roles; API tokens carry a subset of their creator's permissions as scopes.
 */
export const ROLES = ['admin', 'manager', 'agent', 'designer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'data:read', // customers, products, lots, locations, orders, shipments
  'data:write', // edit master data, import files
  'users:manage', // create users, assign roles
  'tokens:manage', // create and revoke API tokens
  'audit:read', // read the audit log
  'processes:read', // see process definitions, instances, incidents
  'processes:deploy', // deploy BPMN models
  'processes:operate', // start instances, send messages, retry incidents
  'tasks:work', // see, claim and complete tasks for one's own roles
  'tasks:assign', // reassign anyone's tasks
  'rules:read', // see DMN decisions
  'rules:deploy', // deploy DMN decisions
  'rules:evaluate', // evaluate decisions, simulate policies
  'cases:read', // see cases, their timeline and comments
  'cases:write', // open, update, comment on cases
  'cases:configure', // choose which business calendar a case type's SLA counts on
  'comms:read', // templates, outbox, delivery status
  'comms:write', // edit templates, retry dead letters, send
  'comms:read-secrets', // see voucher codes and signed links inside messages unmasked: whoever holds it can act as the customer (decision 018)
  'comms:mailbox', // the demo mailbox: every customer's mail as received, codes and links included (administrators only)
  'surveys:read', // survey results
  'recalls:read', // recalls, impact previews, dashboards
  'recalls:write', // define, activate and close recalls
  'stop-sale:check', // tills and web shops: is this code blocked? (retailer API tokens)
  'vouchers:redeem', // shops: redeem compensation vouchers (retailer API tokens)
  'recalls:returns', // stores: report units returned or pulled for a recall (retailer API tokens)
  'complaints:decide', // decide about a restless customer (keep or stop serving), as the approver
  'company:manage', // the company's legal name, address, safety contact, brands and e-mail senders
  'winback:configure', // win-back: the metrics' period, ABC shares, gone-quiet rule; recompute the metrics now
  'system:metrics', // read /metrics (Prometheus): latencies, queue depths, outbox backlog (a scraper's API token)
  'clock:move', // move the server's clock forward, where REBOUND_CLOCK_CONTROL allows it (demos, browser tests)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  manager: [
    'data:read', 'data:write', 'tokens:manage', 'audit:read', 'processes:read', 'processes:operate', 'tasks:work', 'tasks:assign',
    'rules:read', 'rules:evaluate', 'cases:read', 'cases:write', 'cases:configure', 'comms:read', 'comms:write', 'comms:read-secrets',
    'surveys:read', 'recalls:read', 'recalls:write', 'stop-sale:check', 'vouchers:redeem', 'recalls:returns', 'complaints:decide', 'company:manage',
    'winback:configure',
  ],
  agent: ['data:read', 'processes:read', 'tasks:work', 'rules:read', 'rules:evaluate', 'cases:read', 'cases:write', 'comms:read', 'surveys:read', 'recalls:read', 'stop-sale:check'],
  designer: ['data:read', 'processes:read', 'processes:deploy', 'rules:read', 'rules:deploy', 'rules:evaluate', 'cases:read', 'comms:read', 'comms:write', 'winback:configure'],
  viewer: ['data:read', 'processes:read', 'rules:read', 'cases:read', 'comms:read', 'surveys:read', 'recalls:read'],
};

export function permissionsOf(roles: readonly Role[]): Set<Permission> {
  return new Set(roles.flatMap((role) => ROLE_PERMISSIONS[role] ?? []));
}
