import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../../shared/api.ts';
import { useAction } from '../../../shared/useAction.ts';
import { useApi } from '../../../shared/useApi.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n, type MessageKey } from '../../i18n.ts';

const FIELDS = [
  'legal_name', 'address', 'city', 'postal_code', 'country',
  'safety_contact_name', 'safety_contact_email', 'safety_contact_phone',
  'brand_name', 'sender_name', 'sender_email',
] as const;
type Field = (typeof FIELDS)[number];
interface BrandSender {
  brand: string;
  sender_name: string | null;
  sender_email: string | null;
}
type Settings = Record<Field, string | null> & {
  brands: BrandSender[];
  updated_at: string | null;
  updated_by: string | null;
  sender: { from: string; source: 'company' | 'SMTP_FROM' };
  smtp_from: string;
};

const LABEL: Record<Field, MessageKey> = {
  legal_name: 'company.legalName',
  address: 'company.address',
  city: 'company.city',
  postal_code: 'company.postalCode',
  country: 'company.country',
  safety_contact_name: 'company.safetyName',
  safety_contact_email: 'company.safetyEmail',
  safety_contact_phone: 'company.safetyPhone',
  brand_name: 'company.brandName',
  sender_name: 'company.senderName',
  sender_email: 'company.senderEmail',
};
const TYPE: Partial<Record<Field, string>> = { safety_contact_email: 'email', sender_email: 'email', safety_contact_phone: 'tel' };
const GROUPS: { legend: MessageKey; fields: Field[] }[] = [
  { legend: 'company.profile', fields: ['legal_name', 'address', 'city', 'postal_code', 'country'] },
  { legend: 'company.safetyContact', fields: ['safety_contact_name', 'safety_contact_email', 'safety_contact_phone'] },
  { legend: 'company.sender', fields: ['brand_name', 'sender_name', 'sender_email'] },
];

/** Settings → Company: the recalling firm of regulator reports and the senders of consumer e-mail. */
export function CompanyPage() {
  const { t, format } = useI18n();
  const settings = useApi<Settings>('/api/company-settings');
  const [values, setValues] = useState<Record<Field, string>>();
  const [brands, setBrands] = useState<BrandSender[]>([]);
  const [saved, setSaved] = useState(false);
  const save = useAction();

  useEffect(() => {
    if (!settings.data) return;
    setValues(Object.fromEntries(FIELDS.map((f) => [f, settings.data![f] ?? ''])) as Record<Field, string>);
    setBrands(settings.data.brands);
  }, [settings.data]);

  const problems = save.error instanceof ApiError ? (save.error.problem.errors ?? []) : [];
  const errorFor = (path: string) => problems.find((p) => p.field.replace(/\//g, '.').replace(/^\./, '') === path || p.field.replace(/\//g, '.').replace(/^\./, '').startsWith(`${path}.`))?.message;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!values) return;
    setSaved(false);
    const body = { ...values, country: values.country.trim().toUpperCase(), brands: brands.filter((b) => b.brand.trim() || b.sender_name || b.sender_email) };
    const result = await save.run(() => api<Settings>('/api/company-settings', { method: 'PUT', body }));
    if (result) {
      setSaved(true);
      settings.reload();
    }
  }

  const data = settings.data;
  return (
    <>
      <PageHeader title={t('company.title')} subtitle={t('company.subtitle')} />
      <ErrorMessage error={settings.error ?? save.error} />
      {saved ? <div className="alert alert-success" role="status">{t('company.saved')}</div> : null}
      {data ? (
        <p className={data.sender.source === 'SMTP_FROM' ? 'alert alert-warning' : 'hint'} data-testid="effective-sender">
          {data.sender.source === 'SMTP_FROM' ? t('company.fallbackSender', { from: data.smtp_from }) : t('company.effectiveSender', { from: data.sender.from })}
        </p>
      ) : null}
      {values ? (
        <form className="form card" onSubmit={(e) => void submit(e)} noValidate>
          {GROUPS.map((group) => (
            <fieldset key={group.legend} className="checkbox-group">
              <legend>{t(group.legend)}</legend>
              {group.fields.map((field) => {
                const error = errorFor(`body.${field}`);
                return (
                  <div className="field" key={field}>
                    <label htmlFor={`company-${field}`}>{t(LABEL[field])}</label>
                    <input
                      id={`company-${field}`}
                      type={TYPE[field] ?? 'text'}
                      value={values[field]}
                      maxLength={field === 'country' ? 2 : 300}
                      onChange={(e) => setValues({ ...values, [field]: e.target.value })}
                      {...(error ? { 'aria-invalid': true, 'aria-describedby': `company-${field}-error` } : {})}
                    />
                    {error ? <span id={`company-${field}-error`} className="field-error">{error}</span> : null}
                  </div>
                );
              })}
            </fieldset>
          ))}
          <fieldset className="checkbox-group">
            <legend>{t('company.brands')}</legend>
            <p className="hint">{t('company.brandsHint')}</p>
            {brands.map((brand, index) => {
              const set = (change: Partial<BrandSender>) => setBrands(brands.map((b, i) => (i === index ? { ...b, ...change } : b)));
              const error = errorFor(`body.brands.${index}`);
              return (
                <div className="scope-row" key={index}>
                  <div className="field">
                    <label htmlFor={`brand-${index}`}>{t('company.brand')}</label>
                    <input id={`brand-${index}`} value={brand.brand} onChange={(e) => set({ brand: e.target.value })} {...(error ? { 'aria-invalid': true } : {})} />
                  </div>
                  <div className="field">
                    <label htmlFor={`brand-${index}-name`}>{t('company.senderName')}</label>
                    <input id={`brand-${index}-name`} value={brand.sender_name ?? ''} onChange={(e) => set({ sender_name: e.target.value || null })} />
                  </div>
                  <div className="field">
                    <label htmlFor={`brand-${index}-email`}>{t('company.senderEmail')}</label>
                    <input id={`brand-${index}-email`} type="email" value={brand.sender_email ?? ''} onChange={(e) => set({ sender_email: e.target.value || null })} />
                  </div>
                  <button type="button" className="button button-small" onClick={() => setBrands(brands.filter((_, i) => i !== index))} aria-label={t('company.removeBrand', { brand: brand.brand || String(index + 1) })}>
                    ✕
                  </button>
                  {error ? <span className="field-error">{error}</span> : null}
                </div>
              );
            })}
            <button type="button" className="button" onClick={() => setBrands([...brands, { brand: '', sender_name: null, sender_email: null }])}>
              {t('company.addBrand')}
            </button>
          </fieldset>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={save.busy}>
              {t('common.save')}
            </button>
            {data?.updated_at ? <span className="hint">{t('company.updated', { at: format.dateTime(data.updated_at), by: data.updated_by ?? '' })}</span> : null}
          </div>
        </form>
      ) : null}
    </>
  );
}
