import { isIP } from 'node:net';
/**
 * Every setting Rebound reads from the environment, declared once: its group, what it
 * does, whether it is secret (never logged), its default and its validation. A wrong
 * value stops start-up with a message naming the variable.
 */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

interface Setting<T> {
  group: 'server' | 'database' | 'security' | 'demo' | 'logging' | 'comms' | 'engine';
  description: string;
  secret?: boolean;
  parse(raw: string | undefined, variable: string): T;
}

const optionalText = () => (raw: string | undefined) => (raw === undefined || raw === '' ? undefined : raw);
const text = (fallback: string) => (raw: string | undefined) => (raw === undefined || raw === '' ? fallback : raw);
const integer = (fallback: number, min: number, max: number) => (raw: string | undefined, variable: string) => {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(variable, `expected a whole number from ${min} to ${max}, got "${raw}"`);
  return value;
};
const bool = (fallback: boolean) => (raw: string | undefined, variable: string) => {
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(variable, `expected true or false, got "${raw}"`);
};
const oneOf = <T extends string>(fallback: T, values: readonly T[]) => (raw: string | undefined, variable: string): T => {
  if (raw === undefined || raw === '') return fallback;
  if (!values.includes(raw as T)) throw new ConfigError(variable, `expected one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
};

/** Communications (P5): mail server, SMS gateway, limits, quiet hours. */
/** A comma-separated list of IP addresses and CIDR ranges; an entry that is neither stops start-up. */
function addressList(raw: string | undefined, variable: string): string[] {
  const entries = (raw ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    if (!family || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32)))) {
      throw new ConfigError(variable, `"${entry}" is neither an IP address nor a CIDR range (e.g. 10.0.0.0/8)`);
    }
  }
  return entries;
}

/** Hops (a number) or proxy addresses and CIDR ranges; never a blanket "trust everyone". */
function trustProxy(raw: string | undefined, variable: string): false | number | string[] {
  if (raw === undefined || raw.trim() === '') return false;
  if (/^\d+$/.test(raw.trim())) {
    const hops = Number(raw.trim());
    if (hops < 1 || hops > 10) throw new ConfigError(variable, 'must be 1–10 hops, or a list of proxy addresses');
    return hops;
  }
  return addressList(raw, variable);
}

const COMMS_SETTINGS = {
  SMTP_URL: {
    group: 'comms',
    description: 'smtp://user:password@host:587 or smtps://… of the mail server; unset: an embedded loopback SMTP server keeps the mail in the database (the demo mailbox)',
    secret: true,
    parse: (raw: string | undefined, variable: string) => {
      if (raw === undefined || raw === '') return undefined;
      if (!/^smtps?:\/\/[^/]/.test(raw)) throw new ConfigError(variable, 'expected an smtp:// or smtps:// URL');
      return raw;
    },
  },
  COMMS_WEBHOOK_ALLOWED_NETWORKS: {
    group: 'comms',
    description: 'Private networks webhooks may post to (comma-separated addresses or CIDRs, e.g. 10.20.0.0/16 for an intranet receiver); loopback, link-local and private addresses are refused otherwise',
    parse: addressList,
  },
  SMTP_FROM: { group: 'comms', description: 'Sender of e-mail, e.g. "Acme Care <care@acme.example>"', parse: text('Rebound <no-reply@rebound.local>') },
  SMTP_POOL_CONNECTIONS: { group: 'comms', description: 'Parallel SMTP connections per worker process (nodemailer pool)', parse: integer(5, 1, 100) },
  SMS_GATEWAY_URL: { group: 'comms', description: 'Base URL of the SMS gateway (docs/comms/sms-gateway.md); unset: SMS messages wait as failed with the reason', parse: optionalText() },
  SMS_GATEWAY_TOKEN: { group: 'comms', description: 'Bearer credential Rebound sends to the SMS gateway', secret: true, parse: optionalText() },
  SMS_CALLBACK_TOKEN: { group: 'comms', description: 'Bearer credential the SMS gateway sends with delivery reports', secret: true, parse: optionalText() },
  SMS_SENDERS: { group: 'comms', description: 'Sender pool: comma-separated sender ids or numbers, used in turn', parse: text('Rebound') },
  COMMS_EMAIL_RATE_PER_SECOND: { group: 'comms', description: 'E-mail messages per second per worker process; 0: as fast as the server takes them', parse: integer(0, 0, 100_000) },
  COMMS_SMS_RATE_PER_SECOND: { group: 'comms', description: 'SMS per second per sender (a long code takes about 1, a short code about 100)', parse: integer(1, 0, 10_000) },
  COMMS_WEBHOOK_RATE_PER_SECOND: { group: 'comms', description: 'Outgoing webhook deliveries per second per worker process; 0: unlimited', parse: integer(20, 0, 100_000) },
  COMMS_QUIET_HOURS: {
    group: 'comms',
    description: 'Local hours in the recipient\'s time zone when messages wait, e.g. 21:00-08:00; off to disable',
    parse: (raw: string | undefined, variable: string) => {
      const value = raw === undefined || raw === '' ? '21:00-08:00' : raw;
      if (value === 'off') return undefined;
      const match = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
      if (!match) throw new ConfigError(variable, `expected HH:MM-HH:MM or off, got "${value}"`);
      return { start: `${match[1]}:${match[2]}`, end: `${match[3]}:${match[4]}` };
    },
  },
  COMMS_DAILY_CAP: { group: 'comms', description: 'Messages per customer per local day (safety notices excepted); 0: no cap', parse: integer(3, 0, 1000) },
  COMMS_MAX_ATTEMPTS: { group: 'comms', description: 'Attempts before a message becomes a dead letter', parse: integer(8, 1, 100) },
  COMMS_RETRY_BASE_SECONDS: { group: 'comms', description: 'First retry delay; doubles with every attempt (capped at 6 h)', parse: integer(30, 1, 86_400) },
  COMMS_SEND_LEASE_SECONDS: { group: 'comms', description: 'How long a worker may hold a message it is sending before another worker treats it as interrupted', parse: integer(120, 2, 86_400) },
  COMMS_BATCH_SIZE: { group: 'comms', description: 'Messages a worker claims at a time', parse: integer(500, 1, 10_000) },
} satisfies Record<string, Setting<unknown>>;

export const SETTINGS = {
  PORT: { group: 'server', description: 'HTTP port', parse: integer(3000, 0, 65535) },
  HOST: { group: 'server', description: 'Interface to listen on', parse: text('127.0.0.1') },
  PUBLIC_URL: { group: 'server', description: 'Base URL people reach Rebound at (links in messages); defaults to http://HOST:PORT', parse: optionalText() },
  TRUST_PROXY: {
    group: 'server',
    description:
      'Reverse proxies in front of Rebound whose X-Forwarded-For is believed, so rate limits and logs see the client: a number of hops (1 = the nearest proxy) or a comma-separated list of proxy addresses/CIDRs (e.g. 10.0.0.0/8,127.0.0.1). Unset: none (the connecting address is the client)',
    parse: trustProxy,
  },
  DATABASE_URL: {
    group: 'database',
    description: 'postgres://… to use a PostgreSQL server; unset for the embedded PGlite database',
    secret: true,
    parse: (raw: string | undefined, variable: string) => {
      if (raw === undefined || raw === '') return undefined;
      if (!/^postgres(ql)?:\/\//.test(raw)) throw new ConfigError(variable, 'expected a postgres:// or postgresql:// URL');
      return raw;
    },
  },
  DATABASE_READ_URL: {
    group: 'database',
    description: 'postgres://… of a read replica: dashboards, reports and exports read there, off the primary (with DATABASE_URL only)',
    secret: true,
    parse: (raw: string | undefined, variable: string) => {
      if (raw === undefined || raw === '') return undefined;
      if (!/^postgres(ql)?:\/\//.test(raw)) throw new ConfigError(variable, 'expected a postgres:// or postgresql:// URL');
      return raw;
    },
  },
  REBOUND_ROLE: {
    group: 'server',
    description: 'What this process does: all (API and background work, the default), api (HTTP only; needs workers elsewhere) or worker (background work only; /health and /metrics on WORKER_HTTP_PORT). api needs DATABASE_URL',
    parse: oneOf('all', ['all', 'api', 'worker'] as const),
  },
  WORKER_HTTP_PORT: {
    group: 'server',
    description: 'With REBOUND_ROLE=worker: a port for /health and /metrics (unset: the worker answers no HTTP)',
    parse: (raw: string | undefined, variable: string) => (raw === undefined || raw === '' ? undefined : integer(0, 0, 65535)(raw, variable)),
  },
  REBOUND_DATA_DIR: { group: 'database', description: 'Folder of the embedded database and local secrets', parse: text('./.rebound') },
  DATABASE_POOL_SIZE: { group: 'database', description: 'Connections per process to PostgreSQL', parse: integer(10, 1, 200) },
  REBOUND_SECRET: {
    group: 'security',
    description: 'Key that signs public links; at least 32 characters. Embedded mode generates one in the data folder; required with DATABASE_URL',
    secret: true,
    parse: (raw: string | undefined, variable: string) => {
      if (raw === undefined || raw === '') return undefined;
      if (raw.length < 32) throw new ConfigError(variable, 'must be at least 32 characters');
      return raw;
    },
  },
  SESSION_TTL_HOURS: { group: 'security', description: 'Console session lifetime', parse: integer(12, 1, 24 * 30) },
  LOGIN_RATE_LIMIT_PER_MINUTE: { group: 'security', description: 'Login attempts per client address per minute', parse: integer(10, 1, 10_000) },
  COOKIE_SECURE: { group: 'security', description: 'Mark the session cookie Secure (on when PUBLIC_URL is https)', parse: bool(false) },
  REBOUND_DEMO: {
    group: 'demo',
    description: 'Load demo data on first start (default: on with the embedded database, off with DATABASE_URL)',
    parse: (raw: string | undefined, variable: string) => (raw === undefined || raw === '' ? undefined : bool(false)(raw, variable)),
  },
  REBOUND_DEMO_CUSTOMERS: { group: 'demo', description: 'Demo customers loaded on first start', parse: integer(2000, 0, 10_000_000) },
  REBOUND_DEMO_ORDERS: { group: 'demo', description: 'Demo orders loaded on first start', parse: integer(20000, 0, 100_000_000) },
  REBOUND_DEMO_SCENES: {
    group: 'demo',
    description: 'With the demo data, also play the demo scenes on first start (src/demo/scenes.ts): demo staff for every role, a recall under way, complaints at every stage, tasks and mail',
    parse: bool(true),
  },
  REBOUND_CLOCK_CONTROL: {
    group: 'demo',
    description: "Let administrators move the server's clock forward (POST /api/system/clock) to show deadlines passing; refused with NODE_ENV=production",
    parse: bool(false),
  },
  REBOUND_ADMIN_EMAIL: { group: 'demo', description: 'E-mail of the first administrator', parse: text('admin@rebound.local') },
  REBOUND_ADMIN_PASSWORD: { group: 'demo', description: 'Password of the first administrator; generated and kept in the data folder when unset', secret: true, parse: optionalText() },
  ...COMMS_SETTINGS,
  ENGINE_POLL_MS: { group: 'engine', description: 'How often each worker looks for due timers and action calls (ms)', parse: integer(250, 20, 60_000) },
  ENGINE_ACTION_CONCURRENCY: { group: 'engine', description: 'Service-task calls each worker runs at once on PostgreSQL (always 1 on the embedded database)', parse: integer(4, 1, 64) },
  ENGINE_ACTION_LEASE_SECONDS: { group: 'engine', description: 'How long a worker holds an action call before another may take it over (after a crash)', parse: integer(60, 1, 3600) },
  CASE_ATTACHMENT_MAX_BYTES: { group: 'server', description: 'Largest file accepted as a case attachment (stored in the database), in bytes', parse: integer(10 * 1024 * 1024, 1024, 256 * 1024 * 1024) },
  LOG_LEVEL: { group: 'logging', description: 'fatal, error, warn, info, debug or trace', parse: oneOf('info', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const) },
  LOG_FORMAT: {
    group: 'logging',
    description: 'json (one object a line, for a log store), pretty (readable lines) or auto (pretty in a terminal, json otherwise)',
    parse: oneOf('auto', ['auto', 'json', 'pretty'] as const),
  },
} satisfies Record<string, Setting<unknown>>;

export type Config = { [K in keyof typeof SETTINGS]: ReturnType<(typeof SETTINGS)[K]['parse']> };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const entries = Object.entries(SETTINGS).map(([name, setting]) => [name, (setting as Setting<unknown>).parse(env[name], name)]);
  const config = Object.fromEntries(entries) as Config;
  if (config.DATABASE_URL && !config.REBOUND_SECRET && env.NODE_ENV === 'production') {
    throw new ConfigError('REBOUND_SECRET', 'required in production with DATABASE_URL (no built-in secret)');
  }
  // The embedded database belongs to one process: an API node there would have no worker
  // anywhere to run its processes. A worker alone on a data folder is fine (the CLI, crash tests).
  if (config.REBOUND_ROLE === 'api' && !config.DATABASE_URL) {
    throw new ConfigError('REBOUND_ROLE', '"api" needs DATABASE_URL: the embedded database belongs to one process, so no worker could run beside it');
  }
  if (config.DATABASE_READ_URL && !config.DATABASE_URL) {
    throw new ConfigError('DATABASE_READ_URL', 'a read replica needs DATABASE_URL (the primary) too');
  }
  if (config.REBOUND_CLOCK_CONTROL && env.NODE_ENV === 'production') {
    throw new ConfigError('REBOUND_CLOCK_CONTROL', 'must not be on in production: deadlines, links and sessions would follow a clock anyone with the permission can move');
  }
  return config;
}

export function publicUrl(config: Config, port = config.PORT): string {
  return (config.PUBLIC_URL ?? `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${port}`).replace(/\/$/, '');
}
