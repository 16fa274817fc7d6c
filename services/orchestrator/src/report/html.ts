// The report page: one self-contained HTML file (styles, script and data inline; no network).
// The script and stylesheet are real files in assets/ (read once), the data one JSON blob.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { escapeHtml, type ReportData, scriptJson } from './model.js';

let assets: { css: string; js: string } | undefined;

/** assets/ sits beside src/ and dist/, so the same path works from either. */
function loadAssets(): { css: string; js: string } {
  assets ??= {
    css: readFileSync(new URL('../../assets/report.css', import.meta.url), 'utf8'),
    js: readFileSync(new URL('../../assets/report.js', import.meta.url), 'utf8'),
  };
  return assets;
}

export function renderReport(data: ReportData): string {
  const { css, js } = loadAssets();
  // The policy allows exactly this page's own script (by hash) and inline styles, and no
  // fetch of any kind: the file works offline, and nothing injected through the data could run.
  const scriptHash = createHash('sha256').update(js).digest('base64');
  const csp = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'`;
  const title = data.run ? `batt report: run ${data.run.runId}` : 'batt report';
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${css}</style>`,
    '</head>',
    '<body>',
    '<main id="app"><noscript>This report draws its grids with JavaScript; please enable it.</noscript></main>',
    `<script type="application/json" id="batt-data">${scriptJson(data)}</script>`,
    `<script>${js}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
