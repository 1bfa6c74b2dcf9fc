import type { Db } from '../platform/db/database.ts';
import { ensureDefaultTemplates } from '../comms/index.ts';

export const INVITATION_TEMPLATE = 'survey.invitation';

/** The invitation as shipped, in the four languages; designers may edit it like any template. */
export async function ensureInvitationTemplate(db: Db): Promise<void> {
  await ensureDefaultTemplates(db, {
    key: INVITATION_TEMPLATE,
    description: 'Invitation to a survey after a case is resolved',
    variables: {
      survey_url: { description: 'The personal survey link (signed, expiring)', sample: 'https://rebound.example/surveys/respond?t=…' },
      case_reference: { description: 'The case the survey is about', sample: 'C-1042' },
    },
  }, {
    en: {
      email_subject: 'How did we do with {{case_reference}}?',
      email_html: '<p>Dear {{customer.name}},</p><p>Your case {{case_reference}} is resolved. Would you tell us how we did? It takes two minutes.</p><p><a href="{{survey_url}}">Answer the survey</a></p>',
      email_text: 'Dear {{customer.name}},\n\nYour case {{case_reference}} is resolved. Would you tell us how we did? It takes two minutes:\n{{survey_url}}',
      sms_text: 'Your case {{case_reference}} is resolved. How did we do? {{survey_url}}',
    },
    ru: {
      email_subject: 'Как мы справились с обращением {{case_reference}}?',
      email_html: '<p>Здравствуйте, {{customer.name}}!</p><p>Ваше обращение {{case_reference}} решено. Расскажите, как мы справились? Это займёт две минуты.</p><p><a href="{{survey_url}}">Ответить на опрос</a></p>',
      email_text: 'Здравствуйте, {{customer.name}}!\n\nВаше обращение {{case_reference}} решено. Расскажите, как мы справились? Это займёт две минуты:\n{{survey_url}}',
      sms_text: 'Обращение {{case_reference}} решено. Как мы справились? {{survey_url}}',
    },
    uk: {
      email_subject: 'Як ми впоралися зі зверненням {{case_reference}}?',
      email_html: '<p>Вітаємо, {{customer.name}}!</p><p>Ваше звернення {{case_reference}} вирішено. Розкажіть, як ми впоралися? Це займе дві хвилини.</p><p><a href="{{survey_url}}">Відповісти на опитування</a></p>',
      email_text: 'Вітаємо, {{customer.name}}!\n\nВаше звернення {{case_reference}} вирішено. Розкажіть, як ми впоралися? Це займе дві хвилини:\n{{survey_url}}',
      sms_text: 'Звернення {{case_reference}} вирішено. Як ми впоралися? {{survey_url}}',
    },
    sv: {
      email_subject: 'Hur gjorde vi med ärende {{case_reference}}?',
      email_html: '<p>Hej {{customer.name}},</p><p>Ditt ärende {{case_reference}} är löst. Vill du berätta hur vi gjorde? Det tar två minuter.</p><p><a href="{{survey_url}}">Svara på enkäten</a></p>',
      email_text: 'Hej {{customer.name}},\n\nDitt ärende {{case_reference}} är löst. Vill du berätta hur vi gjorde? Det tar två minuter:\n{{survey_url}}',
      sms_text: 'Ärende {{case_reference}} är löst. Hur gjorde vi? {{survey_url}}',
    },
  });
}
