import { useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n.ts';
import { CLAIM_TEXT, type ClaimTextKey } from './claim-text.ts';

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

/** Problems the page words itself, in the visitor's language (the server's detail is English). */
const OWN_WORDS: Record<string, ClaimTextKey> = {
  '/problems/recall.claim_exists': 'exists',
  '/problems/recall.claim_proof': 'proofInvalid',
  '/problems/recall.claim_not_your_purchase': 'notYourLot',
};

/**
 * The proof that the visitor is the customer we wrote to (decision 020): the `t` of the link
 * in their notice, or what a confirmed one-time code gives. Taken out of the address bar at
 * once (a shared or bookmarked address must not carry it) and kept for this tab only.
 */
function useOfferProof(reference: string): [string | null, (proof: string | null) => void] {
  const key = `rebound.claim-proof.${reference}`;
  const [proof, setProof] = useState<string | null>(() => {
    const url = new URL(window.location.href);
    const fromLink = url.searchParams.get('t');
    if (fromLink) {
      sessionStorage.setItem(key, fromLink);
      url.searchParams.delete('t');
      window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
      return fromLink;
    }
    return sessionStorage.getItem(key);
  });
  return [proof, (next: string | null) => {
    if (next) sessionStorage.setItem(key, next);
    else sessionStorage.removeItem(key);
    setProof(next);
  }];
}

/**
 * "Is it you?": a customer who lost the notice's link asks for a one-time code by e-mail and
 * types it in. The server answers alike for any address, so the page says "if".
 */
function ProveItsYou({ reference, onProof }: { reference: string; onProof: (proof: string) => void }) {
  const { lang } = useI18n();
  const text = CLAIM_TEXT[lang];
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState<{ minutes: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(event: FormEvent<HTMLFormElement>, path: string, body: Record<string, string>) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const response = await fetch(`/api/public/recalls/${encodeURIComponent(reference)}/claims/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const json = await response.json();
      if (response.ok && path === 'code') setSent({ minutes: json.expires_in_minutes as number });
      else if (response.ok) onProof(json.proof as string);
      else setProblem(json.type === '/problems/recall.claim_code_invalid' ? text.codeInvalid : response.status === 429 ? text.tooMany : response.status === 400 ? text.emailInvalid : text.error);
    } catch {
      setProblem(text.error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="claim-verify">
      <h3 id="claim-verify-title">{text.verifyTitle}</h3>
      <p>{text.verifyHelp}</p>
      <form aria-labelledby="claim-verify-title" onSubmit={(e) => void send(e, 'code', { email: email.trim() })} noValidate>
        <div className="claim-field">
          <label htmlFor="claim-verify-email">{text.emailOnFile}</label>
          <input id="claim-verify-email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </div>
        <button type="submit" className="claim-secondary" disabled={busy || !email.trim()}>
          {sent ? text.sendAgain : text.sendCode}
        </button>
      </form>
      {sent ? (
        <form onSubmit={(e) => void send(e, 'code/confirm', { email: email.trim(), code: String(new FormData(e.currentTarget).get('code') ?? '').trim() })} noValidate>
          <p role="status">{text.codeSent.replace('{minutes}', String(sent.minutes))}</p>
          <div className="claim-field">
            <label htmlFor="claim-verify-code">{text.oneTimeCode}</label>
            <input id="claim-verify-code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9 ]*" maxLength={7} required />
          </div>
          <button type="submit" className="claim-secondary" disabled={busy}>
            {text.confirmCode}
          </button>
        </form>
      ) : null}
      {problem ? (
        <p className="claim-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The claim form of the recall page (R6, R8): refund or voucher, decided by the claim rules
 * on the server — approved at once within policy, otherwise a person reviews it. A customer
 * we wrote to collects their own offer once they have shown it is them (the notice's link or
 * a code); anyone else claims as a walk-in, whose refund a person checks.
 */
export function RecallClaim({ reference, gtin }: { reference: string; gtin?: string }) {
  const { lang } = useI18n();
  const text = CLAIM_TEXT[lang];
  const [proof, setProof] = useOfferProof(reference);
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
      ...(proof ? { proof } : { name: value('name'), email: value('email'), phone: value('phone') }), lang,
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
        const own = OWN_WORDS[json.type as string];
        setErrors(own ? [] : ((json.errors as FieldError[] | undefined) ?? []));
        setProblem(own ? text[own] : json.detail ?? json.title ?? text.error);
        if (own === 'notYourLot') setErrors([{ field: 'body.code', message: text.notYourLot }]);
        if (own === 'proofInvalid') setProof(null); // the code by e-mail is the way left
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
        <>
        {proof ? null : <ProveItsYou reference={reference} onProof={setProof} />}
        <form onSubmit={(e) => void submit(e)} noValidate aria-describedby="claim-who">
          {proof ? (
            <p id="claim-who" className="claim-proven" role="status">{text.proven}</p>
          ) : (
            <p id="claim-who" className="claim-walk-in">{text.walkIn}</p>
          )}
          <p>{text.help}</p>
          {proof ? null : (
            <>
              {field('name', text.name, { required: true, autoComplete: 'name' })}
              {field('email', text.email, { type: 'email', autoComplete: 'email' }, text.contactHelp)}
              {field('phone', `${text.phone} (${text.optional})`, { type: 'tel', autoComplete: 'tel' })}
            </>
          )}
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
              {proof ? null : <p className="muted">{text.refundChecked}</p>}
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
        </>
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
