import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { recordAudit } from '../../platform/audit/audit.ts';
import { principalOf } from '../../platform/auth/auth.plugin.ts';
import { actorOf } from '../../platform/auth/principal.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { problemResponses } from '../../platform/http/schemas.ts';
import { invalidField } from '../case-errors.ts';
import { caseTypeOf } from '../case-types.sql.ts';
import { READ, TAGS } from '../route-helpers.ts';
import { CALENDAR_SOURCES, listCalendarPlaces } from './calendar-choice.ts';
import { loadCalendar } from './calendars.sql.ts';

const CONFIGURE = { access: { permission: 'cases:configure' as const } };
const Place = Type.Object({ country: Type.String(), region: Type.String({ description: "'' for the whole country" }), calendar_id: Type.String() });

/**
 * Where a case's SLA calendar comes from: which calendar serves customers of a country or
 * region, and per case type whether the customer's place counts at all or the team's
 * (the policy's) calendar always does. Changes apply to cases opened or re-planned after them.
 */
export const calendarSettingsRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/sla-calendar-places', {
    config: READ,
    schema: { tags: TAGS, summary: 'Which business calendar serves customers of each country (and region)', response: { 200: Type.Array(Place), ...problemResponses(401, 403) } },
  }, async () => listCalendarPlaces(ctx.db));

  app.put('/api/sla-calendar-places', {
    config: CONFIGURE,
    schema: {
      tags: TAGS,
      summary: 'Set the calendar for customers of a country, or of one region of it',
      body: Type.Object({
        country: Type.String({ pattern: '^[A-Z]{2}$' }),
        region: Type.Optional(Type.String({ maxLength: 100 })),
        calendar_id: Type.String({ minLength: 1, maxLength: 63 }),
      }, { additionalProperties: false }),
      response: { 200: Place, ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const { country, calendar_id: calendarId } = request.body;
    const region = request.body.region?.trim() ?? '';
    if (!(await loadCalendar(ctx.db, calendarId))) throw invalidField('body.calendar_id', `is not a business calendar`, 'cases.calendar_unknown');
    const [saved] = await ctx.db.transaction(async (tx) => {
      await tx.query('DELETE FROM sla_calendar_places WHERE country = $1 AND lower(region) = lower($2)', [country, region]);
      const rows = await tx.query<{ country: string; region: string; calendar_id: string }>(
        'INSERT INTO sla_calendar_places (country, region, calendar_id) VALUES ($1, $2, $3) RETURNING country, region, calendar_id', [country, region, calendarId]);
      await recordAudit(tx, actorOf(principalOf(request)), { action: 'update', entity: 'sla_calendar_place', entityId: region ? `${country}/${region}` : country, details: { calendar_id: calendarId } });
      return rows;
    });
    return saved!;
  });

  app.put('/api/case-types/:type/sla-calendar-source', {
    config: CONFIGURE,
    schema: {
      tags: TAGS,
      summary: "Whether a case type's SLA counts on the customer's calendar (falling back to the team's) or always on the team's",
      params: Type.Object({ type: Type.String({ maxLength: 41 }) }),
      body: Type.Object({ source: Type.Union(CALENDAR_SOURCES.map((s) => Type.Literal(s))) }, { additionalProperties: false }),
      response: { 200: Type.Object({ type: Type.String(), sla_calendar_source: Type.String() }), ...problemResponses(400, 401, 403) },
    },
  }, async (request) => {
    const caseType = await caseTypeOf(ctx.db, request.params.type, 'params.type');
    const source = request.body.source;
    await ctx.db.transaction(async (tx) => {
      await tx.query('UPDATE case_types SET sla_calendar_source = $2 WHERE type = $1', [caseType.type, source]);
      await recordAudit(tx, actorOf(principalOf(request)), { action: 'update', entity: 'case_type', entityId: caseType.type, details: { sla_calendar_source: source } });
    });
    return { type: caseType.type, sla_calendar_source: source };
  });
};
