import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';

/** What the metrics recompute is configured with (docs/winback-metrics.md, decision 026). */
export interface WinbackSettings {
  /** RFM scores, ABC classes and the period's money count the last `period_days` days up to the as-of day. */
  period_days: number;
  /** ABC: A = the customers who make the first `abc_a_share` of the period's revenue, B up to `abc_b_share`. */
  abc_a_share: number;
  abc_b_share: number;
  /** Gone quiet: no purchase for this many of the customer's own typical intervals… */
  quiet_cycles: number;
  /** …and the model gives them P(alive) below this (repeat buyers only; decision 026). */
  quiet_p_alive: number;
  /** Expected purchases are counted over the next `horizon_days` days. */
  horizon_days: number;
  updated_at: Date | null;
  updated_by: string | null;
}

export type WinbackSettingsInput = Partial<Omit<WinbackSettings, 'updated_at' | 'updated_by'>>;

export async function getWinbackSettings(db: Db): Promise<WinbackSettings> {
  const [row] = await db.query<WinbackSettings>(
    `SELECT period_days, abc_a_share::float8 AS abc_a_share, abc_b_share::float8 AS abc_b_share, quiet_cycles::float8 AS quiet_cycles,
            quiet_p_alive::float8 AS quiet_p_alive, horizon_days, updated_at, updated_by
     FROM winback_settings WHERE id = 1`);
  if (!row) throw new Error('winback_settings has no row: the win-back migration did not run');
  return row;
}

/** Changes some settings, audited. The schema checks each field's range; this checks them together. */
export async function saveWinbackSettings(db: Db, clock: Clock, actor: Actor, input: WinbackSettingsInput): Promise<WinbackSettings> {
  return db.transaction(async (tx) => {
    const next = { ...(await getWinbackSettings(tx)), ...input };
    if (next.abc_a_share >= next.abc_b_share) {
      throw new AppError('invalid', 'The A share must be below the B share', 'winback.settings_invalid', {
        errors: [{ field: 'body.abc_a_share', message: `A ends at ${next.abc_a_share}, B at ${next.abc_b_share}: A must end first` }],
      });
    }
    await tx.query(
      `UPDATE winback_settings SET period_days = $1, abc_a_share = $2, abc_b_share = $3, quiet_cycles = $4, quiet_p_alive = $5,
              horizon_days = $6, updated_at = $7, updated_by = $8 WHERE id = 1`,
      [next.period_days, next.abc_a_share, next.abc_b_share, next.quiet_cycles, next.quiet_p_alive, next.horizon_days, clock.now(), actor.label],
    );
    await recordAudit(tx, actor, { action: 'update', entity: 'winback_settings', details: input });
    return getWinbackSettings(tx);
  });
}
