// Expressive Code links its stylesheet and script once for a page's Markdown code fences and once
// more for the <Code> components (Example.astro, the playgrounds' static programs): on the lesson
// pages with both, every reader downloaded, parsed and applied them twice, which doubled the
// page's style work (bench: Lighthouse, Style & Layout). Keep the first of each.
import { defineMiddleware } from 'astro:middleware';

const EC_ASSET =
  /<link rel="stylesheet" href="[^"]*\/ec\.[\w-]+\.css"\s*\/?>|<script type="module" src="[^"]*\/ec\.[\w-]+\.js"><\/script>/g;

/** The page with each Expressive Code asset tag kept only where it first appears. */
export function dedupeCodeAssets(html: string): string {
  const seen = new Set<string>();
  return html.replace(EC_ASSET, (tag) => {
    if (seen.has(tag)) return '';
    seen.add(tag);
    return tag;
  });
}

export const onRequest = defineMiddleware(async (_context, next) => {
  const response = await next();
  if (!response.headers.get('content-type')?.startsWith('text/html')) return response;
  const html = await response.text();
  return new Response(dedupeCodeAssets(html), {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
});
