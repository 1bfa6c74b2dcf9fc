import { AppError } from '../platform/errors/app-error.ts';
import type { Db } from '../platform/db/database.ts';
import { checkSurveyDefinition, type Survey } from './survey-model.ts';

const COLUMNS = 'key, title, intro, questions, valid_days, active';

export async function listSurveys(db: Db): Promise<Survey[]> {
  return db.query<Survey>(`SELECT ${COLUMNS} FROM surveys ORDER BY key`);
}

export async function getSurvey(db: Db, key: string): Promise<Survey | undefined> {
  const [row] = await db.query<Survey>(`SELECT ${COLUMNS} FROM surveys WHERE key = $1`, [key]);
  return row;
}

/** Creates or replaces a survey; a definition with problems is refused, each problem named. */
export async function saveSurvey(db: Db, survey: Survey): Promise<Survey> {
  const problems = checkSurveyDefinition(survey.questions);
  if (problems.length) {
    throw new AppError('unprocessable', `the survey has ${problems.length} problem(s): ${problems.join('; ')}`, 'surveys.invalid_definition', {
      errors: problems.map((message) => ({ field: 'body.questions', message })),
    });
  }
  const [row] = await db.query<Survey>(
    `INSERT INTO surveys (key, title, intro, questions, valid_days, active) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (key) DO UPDATE SET title = EXCLUDED.title, intro = EXCLUDED.intro, questions = EXCLUDED.questions,
       valid_days = EXCLUDED.valid_days, active = EXCLUDED.active, updated_at = now()
     RETURNING ${COLUMNS}`,
    [survey.key, JSON.stringify(survey.title), JSON.stringify(survey.intro), JSON.stringify(survey.questions), survey.valid_days, survey.active],
  );
  return row!;
}

export interface CaseTypeSurvey {
  case_type: string;
  survey_key: string;
  channels: ('email' | 'sms')[];
  enabled: boolean;
}

export async function listCaseTypeSurveys(db: Db): Promise<CaseTypeSurvey[]> {
  return db.query<CaseTypeSurvey>('SELECT case_type, survey_key, channels, enabled FROM survey_case_types ORDER BY case_type');
}

export async function caseTypeSurvey(db: Db, caseType: string): Promise<CaseTypeSurvey | undefined> {
  const [row] = await db.query<CaseTypeSurvey>('SELECT case_type, survey_key, channels, enabled FROM survey_case_types WHERE case_type = $1', [caseType]);
  return row;
}

export async function setCaseTypeSurvey(db: Db, config: CaseTypeSurvey): Promise<CaseTypeSurvey> {
  if (!(await getSurvey(db, config.survey_key))) throw new AppError('not_found', `survey ${config.survey_key} was not found`, 'surveys.unknown_survey');
  const [row] = await db.query<CaseTypeSurvey>(
    `INSERT INTO survey_case_types (case_type, survey_key, channels, enabled) VALUES ($1, $2, $3, $4)
     ON CONFLICT (case_type) DO UPDATE SET survey_key = EXCLUDED.survey_key, channels = EXCLUDED.channels, enabled = EXCLUDED.enabled, updated_at = now()
     RETURNING case_type, survey_key, channels, enabled`,
    [config.case_type, config.survey_key, config.channels, config.enabled],
  );
  return row!;
}
