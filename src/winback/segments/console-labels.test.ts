import { describe, expect, it } from 'vitest';
import { en } from '../../../web/src/console/messages/en.ts';
import { ru } from '../../../web/src/console/messages/ru.ts';
import { START_STATUSES } from './segment-report.ts';

// The console builds these keys from the API's values (`segments.status.${status}`), out of the compiler's sight.
describe('segment labels in the console', () => {
  it('names every start status, funnel figure and uplift note in English and Russian', () => {
    const keys = [
      ...START_STATUSES.map((s) => `segments.status.${s}`),
      ...['entered', 'members_now', 'control_group', 'started', 'pending', 'capped', 'reentry_blocked', 'left_before_start', 'failed'].map((k) => `segments.funnel.${k}`),
      ...['no_control_group', 'no_treated_entries', 'small_groups'].map((n) => `segments.upliftNote.${n}`),
    ];
    for (const catalogue of [en, ru]) expect(keys.filter((k) => !(k in catalogue))).toEqual([]);
  });
});
