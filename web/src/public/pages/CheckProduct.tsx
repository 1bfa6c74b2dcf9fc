import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n.ts';
import { RECALL_TEXT } from './recall-text.ts';

/** /api/public/check's answer (src/recall/landing/lot-check.ts): the server matches, the page only says it. */
interface LotCheckAnswer {
  status: 'recalled' | 'not_recalled' | 'not_found' | 'unknown_product' | 'need_lot' | 'need_gtin';
  product?: { gtin: string; name: string };
  lot?: string;
  use_by?: string | null;
  use_by_passed?: boolean;
  recall?: { reference: string; classification: string; instructions: string | null; this_recall: boolean };
  scope?: 'this_recall' | 'current_recalls';
  suggestion?: { gtin: string; product: string; lot: string };
  some_lots_recalled?: boolean;
}
type Answer = LotCheckAnswer | { status: 'error' };

interface BarcodeDetectorLike {
  detect(source: ImageBitmapSource): Promise<{ rawValue: string }[]>;
}

const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

/**
 * "Check your product" (R6): one field for whatever the person has — the lot as printed, the
 * number under the barcode, a scanned DataMatrix or QR code (where the browser has
 * BarcodeDetector), a Digital Link — and a second field when the answer needs one more thing.
 * On a recall page the check is made against that recall (`recall`); from a pack's Digital
 * Link the product is known (`gtin`). Matching and wording of the answer's kind are the
 * server's: a lot it cannot find is "not found", never "safe".
 */
export function CheckProduct({ recall, gtin, initialLot, initialSerial, titled = true }: { recall?: string; gtin?: string; initialLot?: string; initialSerial?: string; titled?: boolean }) {
  const { lang, format } = useI18n();
  const text = RECALL_TEXT[lang];
  const [code, setCode] = useState(initialLot ?? '');
  const [second, setSecond] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const canScan = typeof window !== 'undefined' && 'BarcodeDetector' in window && !!navigator.mediaDevices;
  // The second field stays once asked for, so the answer is read beside what was checked; a new first entry starts over.
  const [needs, setNeeds] = useState<'lot' | 'gtin' | null>(null);

  async function ask(params: Record<string, string | undefined>) {
    const query = new URLSearchParams({ lang });
    for (const [name, value] of Object.entries(params)) if (value) query.set(name, value);
    const response = await fetch(`/api/public/check?${query}`);
    const next: Answer = response.ok ? ((await response.json()) as LotCheckAnswer) : { status: 'error' };
    setAnswer(next);
    if (next.status === 'need_lot') setNeeds('lot');
    if (next.status === 'need_gtin') setNeeds('gtin');
  }

  // A Digital Link lands with its product and lot: answer at once.
  useEffect(() => {
    if (gtin) void ask({ gtin, lot: initialLot, serial: initialSerial });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per landing, not per keystroke
  }, [gtin, initialLot, initialSerial]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const value = code.trim();
    const extra = second.trim();
    if (!value && !extra) return;
    if (needs === 'lot' && extra) void ask({ recall, gtin, code: value, lot: extra });
    else if (needs === 'gtin' && extra) void ask({ recall, gtin: extra, code: value });
    else void ask({ recall, gtin, code: value });
  }

  function trySuggestion(suggestion: { gtin: string; lot: string }) {
    setCode(suggestion.lot);
    setNeeds(null);
    setSecond('');
    void ask({ recall, gtin: recall ? gtin : suggestion.gtin, code: suggestion.lot });
  }

  async function scan() {
    const Detector = (window as unknown as { BarcodeDetector: new (options: { formats: string[] }) => BarcodeDetectorLike }).BarcodeDetector;
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
    try {
      const video = document.createElement('video');
      video.srcObject = stream;
      await video.play();
      const detector = new Detector({ formats: ['data_matrix', 'qr_code', 'ean_13', 'code_128'] });
      for (let attempt = 0; attempt < 50; attempt++) {
        const [found] = await detector.detect(video);
        if (found) {
          setCode(found.rawValue);
          setNeeds(null);
          setSecond('');
          await ask({ recall, code: found.rawValue });
          return;
        }
        await new Promise((wait) => setTimeout(wait, 200));
      }
    } finally {
      stream.getTracks().forEach((track) => track.stop());
    }
  }

  return (
    <section aria-label={titled ? undefined : text.check} aria-labelledby={titled ? 'check-title' : undefined} className="recall-check">
      {titled ? <h2 id="check-title">{text.check}</h2> : null}
      <p>{text.checkHelp}</p>
      <form onSubmit={submit} className="recall-check-form">
        <label htmlFor="check-code">{text.code}</label>
        <input id="check-code" name="code" value={code} onChange={(e) => {
            setCode(e.target.value);
            setNeeds(null);
            setSecond('');
          }} autoComplete="off" inputMode="text" />
        {needs ? (
          <>
            <label htmlFor="check-second">{needs === 'lot' ? text.lotField : text.gtinField}</label>
            <input id="check-second" name={needs} value={second} onChange={(e) => setSecond(e.target.value)} autoComplete="off" inputMode={needs === 'gtin' ? 'numeric' : 'text'} />
          </>
        ) : null}
        <button type="submit">{text.checkButton}</button>
        {canScan ? (
          <button type="button" className="secondary" onClick={() => void scan()}>
            {text.scan}
          </button>
        ) : null}
      </form>
      <div role="status" aria-live="polite" className={`recall-answer recall-answer-${answer?.status ?? 'none'}`}>
        {answer ? renderAnswer(answer) : null}
      </div>
    </section>
  );

  function renderAnswer(answer: Answer) {
    if (answer.status === 'error') return <p>{text.badCode}</p>;
    const values = { lot: answer.lot ?? '', product: answer.product?.name ?? '' };
    const useBy = answer.use_by_passed && answer.use_by ? <p className="recall-use-by">{fill(text.useByPassed, { date: format.date(answer.use_by) })}</p> : null;
    const suggestion = answer.suggestion ? (
      <p>
        <button type="button" className="link-button" onClick={() => trySuggestion(answer.suggestion!)}>
          {fill(text.didYouMean, { lot: answer.suggestion.lot, product: answer.suggestion.product })}
        </button>
      </p>
    ) : null;
    switch (answer.status) {
      case 'recalled': {
        const here = answer.recall?.this_recall && answer.recall.reference === recall;
        return (
          <>
            <p className="recall-verdict">{fill(here ? text.recalledThis : text.recalledLot, values)}</p>
            {useBy}
            {!here && answer.recall?.instructions ? <p>{answer.recall.instructions}</p> : null}
            {!here && answer.recall ? (
              <p>
                <a href={`/p/recall/${encodeURIComponent(answer.recall.reference)}?lang=${lang}`}>{text.openRecall}</a>
              </p>
            ) : null}
          </>
        );
      }
      case 'not_recalled':
        return (
          <>
            <p className="recall-verdict">{fill(answer.scope === 'this_recall' ? text.notInThisRecall : text.notInCurrentRecalls, values)}</p>
            {useBy}
          </>
        );
      case 'not_found':
        return (
          <>
            <p className="recall-verdict">{text.lotNotFound}</p>
            {suggestion}
            {useBy}
          </>
        );
      case 'unknown_product':
        return <p className="recall-verdict">{text.productNotFound}</p>;
      case 'need_lot':
        return <p className="recall-verdict">{answer.some_lots_recalled ? text.checkLot : text.needLot}</p>;
      case 'need_gtin':
        return (
          <>
            <p className="recall-verdict">{text.needGtin}</p>
            {suggestion}
          </>
        );
    }
  }
}
