import { useEffect, useState, type InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  /** The applied value (from the address). */
  value: string;
  /** Called once typing has paused for `delayMs`, with the trimmed text. */
  onSettle(value: string): void;
  delayMs?: number;
};

/**
 * A filter field that asks the server once typing pauses, not on every key. A change of
 * the applied value from outside (back button, a link) replaces the text; the field's own
 * settled text coming back does not, so nothing typed in the meantime is lost.
 */
export function DebouncedInput({ value, onSettle, delayMs = 300, ...input }: Props) {
  const [text, setText] = useState(value);
  const [sent, setSent] = useState(value);
  const [applied, setApplied] = useState(value);
  if (value !== applied) {
    // Adjusting state while rendering, React's documented alternative to a syncing effect.
    setApplied(value);
    if (value !== sent) {
      setText(value);
      setSent(value);
    }
  }
  useEffect(() => {
    const next = text.trim();
    if (next === sent) return;
    const timer = setTimeout(() => {
      setSent(next);
      onSettle(next);
    }, delayMs);
    return () => clearTimeout(timer);
  }, [text, sent, delayMs, onSettle]);
  return <input {...input} value={text} onChange={(e) => setText(e.target.value)} />;
}
