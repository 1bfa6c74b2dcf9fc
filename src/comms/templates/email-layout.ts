import { escapeHtml } from './template-syntax.ts';

/** What frames a message: whose it is, and the small print under it. */
export interface EmailFrame {
  language: string;
  /** The brand or company the message speaks for, shown at the top; null: no header. */
  brand: string | null;
  /** Lines of the footer (the company's legal name and address), already plain text. */
  footer: string[];
  /** The link under the message (manage preferences, or unsubscribe) with its label. */
  link?: { url: string; label: string };
}

/**
 * The HTML every consumer e-mail is sent in: a single 600-px table column with inline
 * styles, the layout mail clients render alike (Outlook ignores max-width on a div and most
 * clients strip <style>), and which narrows to the screen on a phone. A template that is
 * already a whole document (<html>) is sent as it is: its designer chose its layout.
 */
export function frameEmail(body: string, frame: EmailFrame): string {
  if (/<html[\s>]/i.test(body)) return body;
  const font = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
  const header = frame.brand
    ? `<tr><td style="padding:20px 24px;background:#1f3a5f;color:#ffffff;font-size:20px;font-weight:bold;${font}">${escapeHtml(frame.brand)}</td></tr>`
    : '';
  const small = [
    ...frame.footer.map((line) => escapeHtml(line)),
    ...(frame.link ? [`<a href="${escapeHtml(frame.link.url)}" style="color:#1f3a5f">${escapeHtml(frame.link.label)}</a>`] : []),
  ];
  const footer = small.length
    ? `<tr><td style="padding:16px 24px;border-top:1px solid #e3e6ea;color:#5f6b7a;font-size:12px;line-height:1.5;${font}">${small.join('<br>')}</td></tr>`
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(frame.language)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="x-apple-disable-message-reformatting"><title>${escapeHtml(frame.brand ?? '')}</title></head>
<body style="margin:0;padding:0;background:#f2f4f7">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f2f4f7"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:6px;border-collapse:separate">
${header}<tr><td style="padding:24px;color:#1b1f24;font-size:16px;line-height:1.55;${font};word-wrap:break-word;overflow-wrap:break-word">
${body}
</td></tr>
${footer}</table>
</td></tr></table>
</body></html>`;
}
