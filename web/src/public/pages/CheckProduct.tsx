import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n.ts';
import { RECALL_TEXT } from './recall-text.ts';

type Answer = { status: 'recalled' | 'safe' | 'check_lot'; recall?: { reference: string } } | { status: 'error' };

interface BarcodeDetectorLike {
  detect(source: ImageBitmapSource): Promise<{ rawValue: string }[]>;
}

/**
 * "Check your product" (R6): a typed lot or code, or — where the browser has BarcodeDetector —
 * a DataMatrix or QR code scanned with the phone camera. Answered by /api/public/check.
 */
export function CheckProduct({ gtin, initialLot, titled = true }: { gtin?: string; initialLot?: string; titled?: boolean }) {
  const { lang } = useI18n();
  const text = RECALL_TEXT[lang];
  const [code, setCode] = useState(initialLot ?? '');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const canScan = typeof window !== 'undefined' && 'BarcodeDetector' in window && !!navigator.mediaDevices;

  async function ask(value: string) {
    // A plain lot number typed under a known product goes with its GTIN; anything that looks
    // like a whole code (brackets, a Digital Link, a group separator, a barcode) goes as it is.
    const looksLikeCode = /[()/]/.test(value) || value.includes(String.fromCharCode(29)) || /^\d{8,14}$/.test(value);
    const params: Record<string, string> = gtin && !looksLikeCode ? { gtin, lot: value } : { code: value };
    const response = await fetch(`/api/public/check?${new URLSearchParams(params)}`);
    setAnswer(response.ok ? ((await response.json()) as Answer) : { status: 'error' });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (code.trim()) void ask(code.trim());
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
          await ask(found.rawValue);
          return;
        }
        await new Promise((wait) => setTimeout(wait, 200));
      }
    } finally {
      stream.getTracks().forEach((track) => track.stop());
    }
  }

  const message = answer && (answer.status === 'error' ? text.badCode : answer.status === 'check_lot' ? text.checkLot : answer.status === 'recalled' ? text.recalled : text.safe);
  return (
    <section aria-label={titled ? undefined : text.check} aria-labelledby={titled ? 'check-title' : undefined} className="recall-check">
      {titled ? <h2 id="check-title">{text.check}</h2> : null}
      <p>{text.checkHelp}</p>
      <form onSubmit={submit} className="recall-check-form">
        <label htmlFor="check-code">{text.code}</label>
        <input id="check-code" name="code" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" inputMode="text" />
        <button type="submit">{text.checkButton}</button>
        {canScan ? (
          <button type="button" className="secondary" onClick={() => void scan()}>
            {text.scan}
          </button>
        ) : null}
      </form>
      <p role="status" aria-live="polite" className={`recall-answer recall-answer-${answer?.status ?? 'none'}`}>
        {message}
      </p>
    </section>
  );
}
