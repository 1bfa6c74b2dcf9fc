import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import { actorOf } from '../platform/auth/principal.ts';
import type { AppContext } from '../platform/http/context.ts';
import { Nullable, problemResponses, Timestamp } from '../platform/http/schemas.ts';
import { getCompanySettings, saveCompanySettings, senderFor, type CompanySettings } from './company-settings.ts';

// No control characters (PostgreSQL refuses U+0000; a line break would end a mail header).
const Line = (maxLength: number, extra: Record<string, unknown> = {}) => Nullable(Type.String({ maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$', ...extra }));
const Email = Nullable(Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Literal('')]));

const Profile = {
  legal_name: Type.Optional(Line(200, { description: 'The registered name of the recalling firm' })),
  address: Type.Optional(Line(300, { description: 'Street address' })),
  city: Type.Optional(Line(100)),
  postal_code: Type.Optional(Line(20)),
  country: Type.Optional(Nullable(Type.String({ pattern: '^([A-Za-z]{2})?$', description: 'ISO 3166-1 alpha-2, e.g. GB' }))),
  safety_contact_name: Type.Optional(Line(200, { description: 'Who answers regulators and consumers about product safety' })),
  safety_contact_email: Type.Optional(Email),
  safety_contact_phone: Type.Optional(Line(40)),
  brand_name: Type.Optional(Line(100, { description: 'The name consumers know the company by' })),
  sender_name: Type.Optional(Line(100, { description: 'The From name of consumer e-mail' })),
  sender_email: Type.Optional(Email),
};
const Brand = Type.Object({
  brand: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f\\u007f]*$', description: 'As products.brand spells it' }),
  sender_name: Type.Optional(Line(100)),
  sender_email: Type.Optional(Email),
}, { additionalProperties: false });

const SettingsResponse = Type.Object({
  ...Object.fromEntries(Object.keys(Profile).map((k) => [k, Nullable(Type.String())])),
  brands: Type.Array(Type.Object({ brand: Type.String(), sender_name: Nullable(Type.String()), sender_email: Nullable(Type.String()) })),
  updated_at: Nullable(Timestamp),
  updated_by: Nullable(Type.String()),
  sender: Type.Object({
    from: Type.String({ description: 'The From of consumer e-mail that speaks for no brand of its own' }),
    source: Type.Union([Type.Literal('company'), Type.Literal('SMTP_FROM')]),
  }),
  smtp_from: Type.String({ description: 'The configuration\'s SMTP_FROM: the fallback address' }),
});

/** The company profile and e-mail senders: read by anyone who reads data, changed by who may manage the company. */
export const companyRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  const present = (settings: CompanySettings) => {
    const sender = senderFor(settings);
    const address = sender.address ?? /<([^>]+)>/.exec(ctx.config.SMTP_FROM)?.[1] ?? ctx.config.SMTP_FROM;
    const from = sender.source === 'SMTP_FROM' ? ctx.config.SMTP_FROM : sender.name ? `${sender.name} <${address}>` : address;
    return { ...settings, sender: { from, source: sender.source as 'company' | 'SMTP_FROM' }, smtp_from: ctx.config.SMTP_FROM };
  };

  app.get('/api/company-settings', {
    config: { access: { permission: 'data:read' } },
    schema: { tags: ['company'], summary: 'The company: legal name, address, safety contact, brand and e-mail senders', response: { 200: SettingsResponse, ...problemResponses(401, 403) } },
  }, async () => present(await getCompanySettings(ctx.db)));

  app.put('/api/company-settings', {
    config: { access: { permission: 'company:manage' } },
    schema: {
      tags: ['company'],
      summary: 'Replace the company settings and brand senders (an empty field is "not set")',
      body: Type.Object({ ...Profile, brands: Type.Optional(Type.Array(Brand, { maxItems: 200 })) }, { additionalProperties: false }),
      response: { 200: SettingsResponse, ...problemResponses(400, 401, 403) },
    },
  }, async (request) => present(await saveCompanySettings(ctx.db, ctx.clock, actorOf(principalOf(request)), request.body)));
};
