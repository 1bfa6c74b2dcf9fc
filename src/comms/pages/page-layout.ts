import { escapeHtml } from '../templates/template-syntax.ts';

/**
 * The frame of Rebound's server-rendered public pages (unsubscribe, surveys) until the
 * console team's React pages replace them: one accessible column, the page's language
 * declared, readable without CSS or JavaScript.
 */
export function renderPage(options: { language: string; title: string; body: string }): string {
  return `<!doctype html>
<html lang="${escapeHtml(options.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(options.title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
  h1 { font-size: 1.5rem; }
  button { font: inherit; padding: .6rem 1.2rem; border-radius: .4rem; border: 1px solid #1a4dad; background: #1a4dad; color: #fff; cursor: pointer; }
  button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #f0a000; outline-offset: 2px; }
  fieldset { border: 1px solid #ccc; border-radius: .4rem; margin: 1rem 0; padding: 1rem; }
  legend { font-weight: 600; padding: 0 .3rem; }
  .scale { display: flex; flex-wrap: wrap; gap: .4rem; }
  .scale label { display: inline-flex; flex-direction: column; align-items: center; min-width: 2.6rem; padding: .3rem; border: 1px solid #ccc; border-radius: .3rem; }
  .ends { display: flex; justify-content: space-between; font-size: .9rem; color: #555; }
  textarea { width: 100%; min-height: 6rem; font: inherit; }
  .error { color: #a00000; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(options.title)}</h1>
${options.body}
</main>
</body>
</html>`;
}
