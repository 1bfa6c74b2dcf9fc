import { createCase } from '../../cases/index.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { publicRecall, type PublicLanguage } from './public-recall.ts';

export interface Handover {
  name: string;
  email?: string;
  phone?: string;
  language: PublicLanguage;
  conversation: { from: 'visitor' | 'assistant'; text: string }[];
}

/**
 * When the assistant cannot answer, a person takes over (R9): a complaint case carrying the
 * whole conversation and the visitor's contact, linked to the recall, in the agents' queue
 * with the complaint SLA.
 */
export async function handOverToPerson(ctx: AppContext, reference: string, input: Handover) {
  const { db, clock } = ctx;
  await publicRecall(db, reference, input.language); // only for a public recall
  const transcript = input.conversation.map((line) => `${line.from === 'visitor' ? 'Visitor' : 'Assistant'}: ${line.text}`).join('\n');
  const contact = [input.email && `e-mail ${input.email}`, input.phone && `phone ${input.phone}`].filter(Boolean).join(', ');
  const created = await createCase(
    db,
    ctx,
    {
      type: 'complaint',
      title: `Question about recall ${reference} from ${input.name}`,
      description: `Contact: ${input.name}${contact ? ` (${contact})` : ''}; language ${input.language}.\n\n${transcript}`,
      priority: 'high',
      links: [{ kind: 'recall', reference }],
    },
    { actor: { kind: 'system', label: 'recall assistant' }, at: clock.now() },
  );
  return { case_id: created.id };
}
