import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n.ts';
import { CLAIM_TEXT } from './claim-text.ts';

export interface ClaimView {
  reference: string;
  recall_reference: string;
  status: 'approved' | 'review' | 'rejected';
  requested: 'refund' | 'voucher';
  value_minor: number;
  currency: string;
  reason: string | null;
  voucher: { code: string; expires_at: string } | null;
  refund_sent: boolean;
  replayed?: boolean;
  status_url?: string;
}

interface FieldError {
  field: string;
  message: string;
}

/** The outcome of a claim, as its claimant sees it (on the form and on the status page). */
export function ClaimOutcome({ claim }: { claim: ClaimView }) {
  const { lang, format } = useI18n();
  const text = CLAIM_TEXT[lang];
  return (
    <div className={`claim-outcome claim-outcome-${claim.status}`} role="status">
      {claim.replayed ? <p>{text.already}</p> : null}
      <p className="claim-outcome-title">{claim.status === 'approved' ? text.approved : claim.status === 'review' ? text.review : text.rejected}</p>
      {claim.status === 'rejected' && claim.reason ? <p>{claim.reason}</p> : null}
      {claim.voucher ? (
        <p>
          {text.yourVoucher}: <strong className="claim-voucher">{claim.voucher.code}</strong> · {format.money(claim.value_minor, claim.currency)}, {text.validUntil}{' '}
          {format.date(claim.voucher.expires_at)}
        </p>
      ) : null}
      {claim.status === 'approved' && claim.requested === 'refund' ? (
        <p>{claim.refund_sent ? text.refundSent : text.refundOf.replace('{amount}', format.money(claim.value_minor, claim.currency))}</p>
      ) : null}
      <p className="muted">
        {text.claimRef}: {claim.reference}
      </p>
      {claim.status_url ? (
        <p>
          <a href={`${claim.status_url}&lang=${lang}`}>{text.statusLink}</a>
        </p>
      ) : null}
    </div>
  );
}

/**
 * The claim form of the recall page (R6, R8): refund or voucher, decided by the claim rules
 * on the server — approved at once within policy, otherwise a person reviews it.
 */
export function RecallClaim({ reference, gtin }: { reference: string; gtin?: string }) {
  const { lang } = useI18n();
  const text = CLAIM_TEXT[lang];
  const [requested, setRequested] = useState<'refund' | 'voucher'>('voucher');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [claim, setClaim] = useState<ClaimView | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? '').trim() || undefined;
    const code = value('code') ?? '';
    // A plain lot number goes with the product's GTIN; a whole scanned code goes as it is.
    const looksLikeCode = /[()/]/.test(code) || /^\d{8,14}$/.test(code);
    const body = {
      name: value('name'), email: value('email'), phone: value('phone'), lang,
      ...(gtin && !looksLikeCode ? { gtin, lot: code } : { code }),
      quantity: Number(form.get('quantity') ?? 1), requested,
      ...(requested === 'refund' ? { account_holder: value('account_holder'), iban: value('iban'), bic: value('bic') } : {}),
    };
    setSending(true);
    setErrors([]);
    setProblem(null);
    try {
      const response = await fetch(`/api/public/recalls/${encodeURIComponent(reference)}/claims`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = await response.json();
      if (response.ok) setClaim(json as ClaimView);
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

  // Problems name fields as body.<name> (RFC 9457 with an errors list): show each next to its field.
  const errorOf = (name: string) => errors.find((e) => e.field === `body.${name}` || (name === 'code' && (e.field === 'body.lot' || e.field === 'body.gtin')))?.message;
  const field = (name: string, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}, hint?: string) => {
    const error = errorOf(name);
    return (
      <div className="claim-field">
        <label htmlFor={`claim-${name}`}>{label}</label>
        {hint ? <span id={`claim-${name}-hint`} className="muted">{hint}</span> : null}
        <input id={`claim-${name}`} name={name} aria-invalid={error ? true : undefined} aria-describedby={[hint ? `claim-${name}-hint` : '', error ? `claim-${name}-error` : ''].join(' ').trim() || undefined} {...props} />
        {error ? <span id={`claim-${name}-error`} className="claim-error">{error}</span> : null}
      </div>
    );
  };

  useEffect(() => setErrors([]), [requested]);

  return (
    <section aria-labelledby="claim-title" className="recall-claim">
      <h2 id="claim-title">{text.title}</h2>
      {claim ? (
        <ClaimOutcome claim={claim} />
      ) : (
        <form onSubmit={(e) => void submit(e)} noValidate>
          <p>{text.help}</p>
          {field('name', text.name, { required: true, autoComplete: 'name' })}
          {field('email', text.email, { type: 'email', autoComplete: 'email' }, text.contactHelp)}
          {field('phone', `${text.phone} (${text.optional})`, { type: 'tel', autoComplete: 'tel' })}
          {field('code', text.code, { required: true, autoComplete: 'off' }, text.codeHelp)}
          {field('quantity', text.quantity, { type: 'number', min: 1, max: 100, defaultValue: 1, inputMode: 'numeric' })}
          <fieldset className="claim-choice">
            <legend>{text.want}</legend>
            <label>
              <input type="radio" name="requested" value="voucher" checked={requested === 'voucher'} onChange={() => setRequested('voucher')} /> {text.voucher}
            </label>
            <label>
              <input type="radio" name="requested" value="refund" checked={requested === 'refund'} onChange={() => setRequested('refund')} /> {text.refund}
            </label>
          </fieldset>
          {requested === 'refund' ? (
            <>
              {field('account_holder', text.accountHolder, { required: true, autoComplete: 'name' })}
              {field('iban', text.iban, { required: true, autoComplete: 'off', spellCheck: false })}
              {field('bic', `${text.bic} (${text.optional})`, { autoComplete: 'off', spellCheck: false })}
            </>
          ) : null}
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
    </section>
  );
}

/** /p/claim?token=…: a claim's status, opened by the signed link the claimant was given. */
export function ClaimStatusPage() {
  const { lang } = useI18n();
  const text = CLAIM_TEXT[lang];
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const [claim, setClaim] = useState<ClaimView | null | 'invalid'>(null);
  useEffect(() => {
    void fetch(`/api/public/claims?${new URLSearchParams({ token })}`).then(async (r) => setClaim(r.ok ? ((await r.json()) as ClaimView) : 'invalid'));
  }, [token]);
  return (
    <article className="recall-page">
      <h1>{text.statusTitle}</h1>
      {claim === null ? null : claim === 'invalid' ? <p className="lead">{text.linkInvalid}</p> : <ClaimOutcome claim={claim} />}
    </article>
  );
}
