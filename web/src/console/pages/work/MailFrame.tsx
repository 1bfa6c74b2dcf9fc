/**
 * An e-mail's HTML shown as the customer would see it, but harmless: `srcdoc` in an iframe
 * sandboxed without scripts, forms or same-origin access runs no script, submits no form
 * and gets a unique origin, so the mail can neither read the console's session nor
 * navigate it. Its links open in a new tab (`<base target="_blank">`, popups allowed and
 * leaving the sandbox so the destination works normally). The server has already taken the
 * tracking out of mailbox mail, so opening it or its links counts for nothing.
 */
export function MailFrame({ html, title, lang, height = 420 }: { html: string; title: string; lang?: string; height?: number }) {
  return <iframe className="mail-frame" title={title} sandbox="allow-popups allow-popups-to-escape-sandbox" srcDoc={withLinksInNewTab(html)} lang={lang} style={{ height }} />;
}

/** A `<base>` must come before any link: in <head> when the mail has one, else first (after a doctype). */
function withLinksInNewTab(html: string): string {
  const base = '<base target="_blank">';
  if (/<head[^>]*>/i.test(html)) return html.replace(/<head[^>]*>/i, (head) => `${head}${base}`);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html)?.[0] ?? '';
  return `${doctype}${base}${html.slice(doctype.length)}`;
}
