import { useState, type FormEvent } from 'react';
import { api } from '../../../shared/api.ts';
import { Badge } from '../../components/Badge.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useI18n } from '../../i18n.ts';
import { typedValue, type DecisionTableShape } from './decision-inputs.ts';

interface Evaluation {
  version: number;
  decisionId: string;
  value: unknown;
  errors: string[];
  warnings: string[];
  matchedRules: { index: number; ruleId: string }[];
}

/**
 * A test bench for the deployed version: one field per input (or the whole context as
 * JSON, for inputs that are expressions), evaluated by the server exactly as a process or
 * a recall would, showing the outputs and which rules matched.
 */
export function EvaluatePanel({ decisionKey, version, shape, onMatched }: { decisionKey: string; version: number; shape: DecisionTableShape; onMatched(ruleIds: string[]): void }) {
  const { t } = useI18n();
  const fieldsPossible = shape.inputs.length > 0 && shape.inputs.every((input) => input.variable);
  const [mode, setMode] = useState<'fields' | 'json'>(fieldsPossible ? 'fields' : 'json');
  const [values, setValues] = useState<Record<string, string>>({});
  const [json, setJson] = useState(() => JSON.stringify(Object.fromEntries(shape.inputs.map((i) => [i.variable ?? i.expression, null])), null, 2));
  const [result, setResult] = useState<Evaluation>();
  const [failure, setFailure] = useState<Error>();
  const [busy, setBusy] = useState(false);

  const context = (): Record<string, unknown> => {
    if (mode === 'json') {
      const parsed: unknown = JSON.parse(json);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(t('evaluate.jsonObject'));
      return parsed as Record<string, unknown>;
    }
    return Object.fromEntries(shape.inputs.map((input) => [input.variable!, typedValue(input, values[input.variable!] ?? '')]));
  };

  const evaluate = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setFailure(undefined);
    try {
      const evaluation = await api<Evaluation>(`/api/decisions/${encodeURIComponent(decisionKey)}/evaluate`, { method: 'POST', body: { decision: shape.decisionId, context: context() } });
      setResult(evaluation);
      onMatched(evaluation.matchedRules.map((rule) => rule.ruleId));
    } catch (error) {
      setResult(undefined);
      onMatched([]);
      setFailure(error instanceof SyntaxError ? new Error(t('evaluate.badJson', { reason: error.message })) : error instanceof Error ? error : new Error(String(error)));
    } finally {
      setBusy(false);
    }
  };

  const outputs = result ? outputValues(result.value, shape) : [];
  return (
    <section className="card section" aria-labelledby="evaluate-heading">
      <div className="card-header">
        <h2 id="evaluate-heading">{t('evaluate.title')}</h2>
        <span className="muted small">{t('evaluate.againstVersion', { version })}</span>
      </div>
      <div className="evaluate-layout">
        <form className="evaluate-form" onSubmit={evaluate} aria-labelledby="evaluate-heading">
          {fieldsPossible ? (
            <fieldset className="inline-actions" aria-label={t('evaluate.inputMode')}>
              <label>
                <input type="radio" name="evaluate-mode" checked={mode === 'fields'} onChange={() => setMode('fields')} /> {t('evaluate.fields')}
              </label>
              <label>
                <input type="radio" name="evaluate-mode" checked={mode === 'json'} onChange={() => setMode('json')} /> {t('evaluate.json')}
              </label>
            </fieldset>
          ) : null}
          {mode === 'fields' ? (
            <div className="evaluate-inputs">
              {shape.inputs.map((input) => {
                const id = `input-${input.variable}`;
                const value = values[input.variable!] ?? '';
                const set = (text: string) => setValues((current) => ({ ...current, [input.variable!]: text }));
                return (
                  <div className="field" key={input.variable}>
                    <label htmlFor={id}>{input.label}</label>
                    {input.options.length || input.typeRef === 'boolean' ? (
                      <select id={id} value={value} onChange={(e) => set(e.target.value)}>
                        <option value="">{t('evaluate.none')}</option>
                        {(input.options.length ? input.options : ['true', 'false']).map((option) => (
                          <option key={option} value={option}>
                            {option}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <input id={id} value={value} inputMode={input.typeRef === 'string' ? undefined : 'decimal'} onChange={(e) => set(e.target.value)} />
                    )}
                    <span className="muted small mono">{input.variable}</span>
                  </div>
                );
              })}
            </div>
          ) : (
            <div className="field">
              <label htmlFor="evaluate-json">{t('evaluate.context')}</label>
              <textarea id="evaluate-json" rows={5} value={json} onChange={(e) => setJson(e.target.value)} spellCheck={false} />
            </div>
          )}
          <div>
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('evaluate.running') : t('evaluate.run')}
            </button>
          </div>
        </form>
        <div aria-live="polite">
          <ErrorMessage error={failure} />
          {result ? (
            <div className="evaluate-result">
              <h3>{t('evaluate.outputs')}</h3>
              <dl className="details">
                {outputs.map(([label, value]) => (
                  <div key={label} className="details-row">
                    <dt>{label}</dt>
                    <dd>
                      <code>{JSON.stringify(value)}</code>
                    </dd>
                  </div>
                ))}
              </dl>
              <h3>{t('evaluate.matchedRules')}</h3>
              {result.matchedRules.length ? (
                <ol className="matched-rules">
                  {result.matchedRules.map((rule) => (
                    <li key={rule.ruleId}>
                      <Badge tone="accent">{t('evaluate.ruleNumber', { number: rule.index + 1 })}</Badge> <code>{rule.ruleId}</code>
                      {shape.rules[rule.index]?.description ? <span> — {shape.rules[rule.index]!.description}</span> : null}
                    </li>
                  ))}
                </ol>
              ) : (
                <p className="muted">{t('evaluate.noRule')}</p>
              )}
              {[...result.errors, ...result.warnings].length ? (
                <div className="alert alert-warning">
                  <ul>
                    {[...result.errors, ...result.warnings].map((message, index) => (
                      <li key={index}>{message}</li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </div>
          ) : failure ? null : (
            <p className="muted">{t('evaluate.hint')}</p>
          )}
        </div>
      </div>
    </section>
  );
}

/** Output label and value pairs: a single output is the value itself, several are an object. */
function outputValues(value: unknown, shape: DecisionTableShape): [string, unknown][] {
  if (shape.outputs.length <= 1) return [[shape.outputs[0]?.label || 'value', value]];
  if (!value || typeof value !== 'object') return [['value', value]];
  return shape.outputs.map((output) => [output.label || output.name, (value as Record<string, unknown>)[output.name] ?? null]);
}
