import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n.ts';
import { RECALL_TEXT } from './recall-text.ts';

type Line = { from: 'visitor' | 'assistant'; text: string };

/** The recall page's assistant (R9): answers from the recall, or hands over to a person. */
export function RecallAssistant({ reference }: { reference: string }) {
  const { lang } = useI18n();
  const text = RECALL_TEXT[lang];
  const [question, setQuestion] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [offerPerson, setOfferPerson] = useState(false);
  const [contact, setContact] = useState({ name: '', email: '' });
  const [caseId, setCaseId] = useState<number | null>(null);

  async function ask(event: FormEvent) {
    event.preventDefault();
    const asked = question.trim();
    if (asked.length < 2) return;
    const response = await fetch(`/api/public/recalls/${encodeURIComponent(reference)}/ask`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: asked, lang }),
    });
    const answer = response.ok ? ((await response.json()) as { answered: boolean; answer?: string }) : { answered: false };
    const reply: Line = { from: 'assistant', text: answer.answered && answer.answer ? answer.answer : text.noAnswer };
    setLines((previous) => [...previous, { from: 'visitor', text: asked }, reply]);
    setOfferPerson(!answer.answered);
    setQuestion('');
  }

  async function handOver(event: FormEvent) {
    event.preventDefault();
    const response = await fetch(`/api/public/recalls/${encodeURIComponent(reference)}/handover`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: contact.name, email: contact.email, lang, conversation: lines }),
    });
    if (response.ok) setCaseId(((await response.json()) as { case_id: number }).case_id);
  }

  return (
    <section aria-labelledby="ask-title" className="recall-check">
      <h2 id="ask-title">{text.ask}</h2>
      <p>{text.askHelp}</p>
      <ol className="recall-chat" aria-live="polite">
        {lines.map((line, i) => (
          <li key={i} className={`recall-chat-${line.from}`}>
            {line.text}
          </li>
        ))}
      </ol>
      <form onSubmit={(e) => void ask(e)} className="recall-check-form">
        <label htmlFor="ask-question">{text.question}</label>
        <input id="ask-question" value={question} onChange={(e) => setQuestion(e.target.value)} autoComplete="off" />
        <button type="submit">{text.askButton}</button>
      </form>
      {offerPerson && caseId === null ? (
        <form onSubmit={(e) => void handOver(e)} className="recall-check-form recall-handover">
          <p className="recall-handover-title">{text.person}</p>
          <label htmlFor="handover-name">{text.yourName}</label>
          <input id="handover-name" required value={contact.name} onChange={(e) => setContact({ ...contact, name: e.target.value })} autoComplete="name" />
          <label htmlFor="handover-email">{text.yourEmail}</label>
          <input id="handover-email" type="email" required value={contact.email} onChange={(e) => setContact({ ...contact, email: e.target.value })} autoComplete="email" />
          <button type="submit">{text.send}</button>
        </form>
      ) : null}
      {caseId !== null ? <p role="status">{text.handedOver.replace('{id}', `#${caseId}`)}</p> : null}
    </section>
  );
}
