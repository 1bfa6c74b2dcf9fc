import type { Message } from '../../i18n/i18n.ts';
import type { PublicMessageKey } from './en.ts';

export const sv: Record<PublicMessageKey, Message> = {
  'shell.siteName': 'Kundtjänst',
  'shell.language': 'Språk',
  'shell.skip': 'Hoppa till innehållet',
  'shell.footer': 'Drivs av Rebound',
  'notFound.title': 'Vi kunde inte hitta sidan',
  'notFound.lead': 'Adressen kan vara felskriven, eller så finns sidan inte längre.',
  'expired.title': 'Länken har gått ut',
  'expired.lead': 'För din säkerhet fungerar länkarna i våra meddelanden bara en begränsad tid.',
  'problem.whatNow': 'Det här kan du göra',
  'problem.checkAddress': 'Kontrollera att adressen är fullständig, särskilt om du skrev av den för hand.',
  'problem.latestMessage': 'Öppna det senaste meddelandet från oss: där finns en aktuell länk.',
  'problem.contactUs': 'Svara på meddelandet eller kontakta vår kundtjänst, så hjälper vi dig.',
  'problem.code': 'Referens: {code}',
};
