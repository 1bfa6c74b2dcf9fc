import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { principalOf } from '../platform/auth/auth.plugin.ts';
import { AppError } from '../platform/errors/app-error.ts';
import type { AppContext } from '../platform/http/context.ts';
import { DateInput, Nullable, Page, problemResponses, Timestamp } from '../platform/http/schemas.ts';
import { nextDate } from './calendar/zoned-time.ts';
import { listNotifications, markNotificationRead } from './case-notifications.ts';
import { listCaseTypes } from './case-types.sql.ts';
import { calendarOf, listCalendarRows } from './sla/calendars.sql.ts';
import { listSlaPolicies } from './sla/policies.sql.ts';
import { READ, TAGS } from './route-helpers.ts';

const Notification = Type.Object({
  id: Type.Integer(),
  case_id: Type.Integer(),
  kind: Type.String(),
  comment_id: Nullable(Type.Integer()),
  message: Type.String(),
  created_at: Timestamp,
  read_at: Nullable(Timestamp),
});

/** Case types, SLA policies, business calendars (with a day-by-day preview) and the user's case notifications. */
export const caseSettingsRoutes: FastifyPluginAsyncTypebox<AppContext> = async (app, ctx) => {
  app.get('/api/case-types', {
    config: READ,
    schema: { tags: TAGS, summary: 'Case types and their stages', response: { 200: Type.Array(Type.Object({ type: Type.String(), name: Type.String(), stages: Type.Array(Type.String()), sla_calendar_source: Type.String({ description: "customer: the customer's calendar where one serves their place, else the policy's; team: always the policy's" }) })), ...problemResponses(401, 403) } },
  }, async () => listCaseTypes(ctx.db));

  app.get('/api/sla-policies', {
    config: READ,
    schema: {
      tags: TAGS,
      summary: 'SLA targets per case type and priority, in business minutes of a calendar (null type or priority: any)',
      response: {
        200: Type.Array(Type.Object({
          id: Type.Integer(),
          case_type: Nullable(Type.String()),
          priority: Nullable(Type.String()),
          first_response_minutes: Nullable(Type.Integer()),
          resolution_minutes: Nullable(Type.Integer()),
          calendar_id: Type.String(),
        })),
        ...problemResponses(401, 403),
      },
    },
  }, async () => listSlaPolicies(ctx.db));

  app.get('/api/business-calendars', {
    config: READ,
    schema: {
      tags: TAGS,
      summary: 'Business calendars; with from, each one\'s days from that date (working hours, holidays, moved days)',
      querystring: Type.Object({
        from: Type.Optional(DateInput()),
        days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 31 })),
      }, { additionalProperties: false }),
      response: {
        200: Type.Array(Type.Object({
          id: Type.String(),
          name: Type.String(),
          time_zone: Type.String(),
          weekly_hours: Type.Record(Type.String(), Type.Array(Type.Array(Type.String()))),
          holiday_region: Nullable(Type.String()),
          days: Type.Optional(Type.Array(Type.Object({
            date: Type.String(),
            kind: Type.String(),
            hours: Type.Array(Type.String({ description: 'HH:MM–HH:MM local' })),
            name: Type.Optional(Type.String()),
            provisional: Type.Boolean({ description: 'from statutory rules: the year\'s official calendar is not entered yet' }),
          }))),
        })),
        ...problemResponses(400, 401, 403),
      },
    },
  }, async (request) => {
    const { from, days = 31 } = request.query;
    const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    const calendars = (await listCalendarRows(ctx.db)).map((row) => {
      if (!from) return row;
      const calendar = calendarOf(row);
      const preview = Array.from({ length: days }, (_, i) => {
        const day = calendar.day(nextDate(from, i));
        return { date: day.date, kind: day.kind, hours: day.periods.map(([s, e]) => `${hhmm(s)}–${hhmm(e)}`), name: day.name, provisional: day.provisional };
      });
      return { ...row, days: preview };
    });
    // weekly_hours comes back as readonly tuples, which the response type cannot express.
    return calendars as never;
  });

  app.get('/api/case-notifications', {
    config: READ,
    schema: {
      tags: TAGS,
      summary: 'My case notifications (mentions, assignments, SLA breaches), newest first',
      querystring: Type.Object({ unread: Type.Optional(Type.Boolean({ default: false })), ...Page }, { additionalProperties: false }),
      response: {
        200: Type.Object({ items: Type.Array(Notification), total: Type.Integer(), unread: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
        ...problemResponses(400, 401, 403),
      },
    },
  }, async (request) => {
    const { unread = false, limit = 50, offset = 0 } = request.query;
    return listNotifications(ctx.db, userIdOf(request), { unreadOnly: unread, limit, offset });
  });

  app.post('/api/case-notifications/:id/read', {
    config: READ,
    schema: { tags: TAGS, summary: 'Mark one of my notifications read', params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: Notification, ...problemResponses(400, 401, 403, 404) } },
  }, async (request) => markNotificationRead(ctx.db, userIdOf(request), request.params.id, ctx.clock.now()));
};

/** Notifications belong to people; an integration token has none. */
function userIdOf(request: Parameters<typeof principalOf>[0]): number {
  const principal = principalOf(request);
  if (principal.kind !== 'user') throw new AppError('forbidden', 'notifications belong to signed-in users, not to API tokens', 'cases.notifications_need_user');
  return principal.userId;
}
