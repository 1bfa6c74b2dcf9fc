/**
 * An e-mail's HTML shown as the customer would see it, but harmless: `srcdoc` in an iframe
 * with an empty `sandbox` runs no script, submits no form and gets a unique origin, so the
 * mail can neither read the console's session nor navigate it. Links open nothing.
 */
export function MailFrame({ html, title, lang, height = 420 }: { html: string; title: string; lang?: string; height?: number }) {
  return <iframe className="mail-frame" title={title} sandbox="" srcDoc={html} lang={lang} style={{ height }} />;
}
