import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n.ts';
import { COMPLAINT_TEXT } from './complaint-text.ts';
import './recall.css';

const CATEGORIES = ['product_quality', 'delivery', 'service', 'billing', 'other'] as const;

interface FieldError {
  field: string;
  message: string;
}

/** /p/complaint: a complaint from anyone with an order, verified against the order's e-mail or phone (C1). */
export function ComplaintPage() {
  const { lang, format } = useI18n();
  const text = COMPLAINT_TEXT[lang];
  const [reference, setReference] = useState<string | null>(null);
  // The promise comes from the server's SLA, never from this page's text: the target before
  // writing, the case's own first-response deadline after (issue 11).
  const [withinMinutes, setWithinMinutes] = useState<number | null>(null);
  const [answerBy, setAnswerBy] = useState<string | null>(null);
  useEffect(() => {
    fetch('/api/public/complaints/promise')
      .then((response) => (response.ok ? response.json() : null))
      .then((json: { answer_within_business_minutes: number | null } | null) => setWithinMinutes(json?.answer_within_business_minutes ?? null))
      .catch(() => setWithinMinutes(null));
  }, []);
  const duration = (minutes: number) =>
    new Intl.NumberFormat(lang, { style: 'unit', unit: minutes % 60 === 0 ? 'hour' : 'minute', unitDisplay: 'long' }).format(minutes % 60 === 0 ? minutes / 60 : minutes);
  const [problem, setProblem] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [sending, setSending] = useState(false);
  const [attached, setAttached] = useState(0);
  const [failedFiles, setFailedFiles] = useState<{ name: string; reason: string }[]>([]);

  /** Each chosen file after the complaint is registered, one at a time, with the token it answered. */
  async function uploadFiles(files: File[], token: string) {
    let done = 0;
    const failed: { name: string; reason: string }[] = [];
    for (const file of files) {
      try {
        const response = await fetch(`/api/public/complaints/attachments?t=${encodeURIComponent(token)}&file_name=${encodeURIComponent(file.name)}`, {
          method: 'POST', headers: { 'content-type': file.type || 'application/octet-stream' }, body: file,
        });
        if (response.ok) done++;
        else failed.push({ name: file.name, reason: ((await response.json().catch(() => ({}))) as { detail?: string }).detail ?? text.error });
      } catch {
        failed.push({ name: file.name, reason: text.error });
      }
    }
    setAttached(done);
    setFailedFiles(failed);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    const files = form.getAll('files').filter((f): f is File => f instanceof File && f.size > 0);
    setSending(true);
    setProblem(null);
    setErrors([]);
    try {
      const response = await fetch('/api/public/complaints', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ order_number: value('order_number') ?? '', email: value('email'), phone: value('phone'), category: value('category'), essence: value('essence') ?? '' }),
      });
      const json = await response.json();
      if (response.ok) {
        if (files.length) await uploadFiles(files, json.upload_token as string);
        setAnswerBy((json.answer_by as string | null) ?? null);
        setReference(json.reference as string);
      }
      else {
        setErrors((json.errors as FieldError[] | undefined) ?? []);
        setProblem(json.detail ?? json.title ?? text.error);
      }
    } catch {
      setProblem(text.error);
    } finally {
      setSending(false);
    }
  }

  const errorOf = (name: string) => errors.find((e) => e.field === `body.${name}`)?.message;
  const described = (name: string, hint: boolean) => [hint ? `complaint-${name}-hint` : '', errorOf(name) ? `complaint-${name}-error` : ''].join(' ').trim() || undefined;
  return (
    <article className="recall-page">
      <h1>{text.title}</h1>
      {reference ? (
        <div className="claim-outcome" role="status">
          <p className="claim-outcome-title">{text.thanks}</p>
          {answerBy ? <p className="complaint-promise">{text.answerBy.replace('{when}', format.deadline(answerBy))}</p> : null}
          <p>
            {text.reference}: <strong className="claim-voucher">{reference}</strong>
          </p>
          {attached ? <p>{text.filesAttached}: {attached}</p> : null}
          {failedFiles.map((f) => (
            <p key={f.name} className="claim-error">
              {text.fileFailed}: {f.name} — {f.reason}
            </p>
          ))}
          <p className="muted">{text.next}</p>
        </div>
      ) : (
        <form className="recall-claim" onSubmit={(e) => void submit(e)} noValidate>
          <p className="complaint-promise">{withinMinutes ? text.leadWithin.replace('{duration}', duration(withinMinutes)) : text.lead}</p>
          <div className="claim-field">
            <label htmlFor="complaint-order_number">{text.orderNumber}</label>
            <span id="complaint-order_number-hint" className="muted">{text.orderHelp}</span>
            <input id="complaint-order_number" name="order_number" required autoComplete="off" aria-invalid={errorOf('order_number') ? true : undefined} aria-describedby={described('order_number', true)} />
            {errorOf('order_number') ? <span id="complaint-order_number-error" className="claim-error">{errorOf('order_number')}</span> : null}
          </div>
          <div className="claim-field">
            <label htmlFor="complaint-email">{text.email}</label>
            <span id="complaint-email-hint" className="muted">{text.contactHelp}</span>
            <input id="complaint-email" name="email" type="email" autoComplete="email" aria-describedby={described('email', true)} />
            {errorOf('email') ? <span id="complaint-email-error" className="claim-error">{errorOf('email')}</span> : null}
          </div>
          <div className="claim-field">
            <label htmlFor="complaint-phone">{`${text.phone} (${text.optional})`}</label>
            <input id="complaint-phone" name="phone" type="tel" autoComplete="tel" />
          </div>
          <div className="claim-field">
            <label htmlFor="complaint-category">{text.category}</label>
            <select id="complaint-category" name="category" defaultValue="product_quality" className="claim-select">
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {text[`cat.${c}`]}
                </option>
              ))}
            </select>
          </div>
          <div className="claim-field">
            <label htmlFor="complaint-essence">{text.essence}</label>
            <span id="complaint-essence-hint" className="muted">{text.essenceHelp}</span>
            <textarea id="complaint-essence" name="essence" rows={5} required minLength={5} aria-describedby={described('essence', true)} className="claim-textarea" />
            {errorOf('essence') ? <span id="complaint-essence-error" className="claim-error">{errorOf('essence')}</span> : null}
          </div>
          <div className="claim-field">
            <label htmlFor="complaint-files">{text.files}</label>
            <span id="complaint-files-hint" className="muted">{text.filesHelp}</span>
            <input id="complaint-files" name="files" type="file" multiple accept="image/*,application/pdf" aria-describedby="complaint-files-hint" />
          </div>
          {problem ? (
            <p className="claim-error" role="alert">
              {problem}
            </p>
          ) : null}
          <button type="submit" disabled={sending}>
            {sending ? text.sending : text.submit}
          </button>
        </form>
      )}
    </article>
  );
}
