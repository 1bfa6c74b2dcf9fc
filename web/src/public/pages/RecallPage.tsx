import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useI18n } from '../i18n.ts';
import { CheckProduct } from './CheckProduct.tsx';
import { RecallAssistant } from './RecallAssistant.tsx';
import { RecallClaim } from './RecallClaim.tsx';
import { RECALL_TEXT } from './recall-text.ts';
import './recall.css';

interface PublicRecall {
  reference: string;
  title: string;
  classification: 'I' | 'II' | 'III';
  reason: string;
  status: string;
  instructions: string | null;
  faq: { question: string; answer: string }[];
  products: { gtin: string; name: string; brand: string | null; lots: { lot_code: string; expires_on: string | null }[] }[];
}

/** "Brand Name", unless the name already starts with the brand. */
const productTitle = (p: { brand: string | null; name: string }) => (p.brand && !p.name.startsWith(p.brand) ? `${p.brand} ${p.name}` : p.name);

/** The public recall page (R6): what, why, what to do, check your product, FAQ — in the visitor's language. */
export function RecallPage() {
  const { reference = '' } = useParams();
  const { lang, format } = useI18n();
  const text = RECALL_TEXT[lang];
  const [recall, setRecall] = useState<PublicRecall | null | 'missing'>(null);

  useEffect(() => {
    let live = true;
    void fetch(`/api/public/recalls/${encodeURIComponent(reference)}?lang=${lang}`).then(async (response) => {
      if (live) setRecall(response.ok ? ((await response.json()) as PublicRecall) : 'missing');
    });
    return () => {
      live = false;
    };
  }, [reference, lang]);

  useEffect(() => {
    if (recall && recall !== 'missing') document.title = `${text.recallOf}: ${recall.products.map((p) => p.name).join(', ')}`;
  }, [recall, text]);

  if (recall === null) return <p role="status">{text.loading}</p>;
  if (recall === 'missing') return <p className="lead">{text.notFound}</p>;
  const severity = recall.classification === 'I' ? text.classI : recall.classification === 'II' ? text.classII : text.classIII;
  return (
    <article className="recall-page">
      <p className={`recall-badge recall-badge-${recall.classification}`}>
        {text.recallOf} · {severity}
      </p>
      <h1>{recall.products.map(productTitle).join(', ')}</h1>
      {recall.status === 'closed' ? <p className="lead">{text.closed}</p> : null}
      <section aria-labelledby="why">
        <h2 id="why">{text.reason}</h2>
        <p>{recall.reason}</p>
      </section>
      {recall.instructions ? (
        <section aria-labelledby="todo" className="recall-todo">
          <h2 id="todo">{text.whatToDo}</h2>
          <p>{recall.instructions}</p>
        </section>
      ) : null}
      <section aria-labelledby="affected">
        <h2 id="affected">{text.affected}</h2>
        <ul className="recall-products">
          {recall.products.map((product) => (
            <li key={product.gtin}>
              <strong>{product.name}</strong> <span className="muted">GTIN {product.gtin}</span>
              <div>
                {text.lots}:{' '}
                {product.lots.map((lot) => (lot.expires_on ? `${lot.lot_code} (${text.expires} ${format.date(lot.expires_on)})` : lot.lot_code)).join(', ')}
              </div>
            </li>
          ))}
        </ul>
      </section>
      <CheckProduct recall={recall.reference} />
      {recall.status === 'active' ? <RecallClaim reference={recall.reference} gtin={recall.products.length === 1 ? recall.products[0]?.gtin : undefined} /> : null}
      {recall.faq.length ? (
        <section aria-labelledby="faq">
          <h2 id="faq">{text.faq}</h2>
          {recall.faq.map((item) => (
            <details key={item.question}>
              <summary>{item.question}</summary>
              <p>{item.answer}</p>
            </details>
          ))}
        </section>
      ) : null}
      <RecallAssistant reference={recall.reference} />
      <p className="reference">
        {text.reference}: {recall.reference}
      </p>
    </article>
  );
}

/** Where a pack's Digital Link lands (/01/{gtin}/10/{lot} → /p/check?gtin=&lot=): that lot's status at once, or the field to type it. */
export function LotCheckPage() {
  const params = new URLSearchParams(window.location.search);
  const { lang } = useI18n();
  const text = RECALL_TEXT[lang];
  return (
    <article className="recall-page">
      <h1>{text.check}</h1>
      <CheckProduct gtin={params.get('gtin') ?? undefined} initialLot={params.get('lot') ?? undefined} initialSerial={params.get('serial') ?? undefined} titled={false} />
    </article>
  );
}
