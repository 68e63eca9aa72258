// Astro + Starlight configuration for UDP Lab: Chinese at the root, English under /en/.
import { defineConfig } from 'astro/config';
import { fileURLToPath } from 'node:url';
import starlight from '@astrojs/starlight';
import udplabGlyphs from './site/integrations/board-glyphs.ts';
import udplabPython from './site/integrations/python-assets.ts';
import udplabOffline from './site/integrations/offline-precache.ts';
import udplabPageTwins from './site/integrations/page-twins.ts';
import { monacoCssInJs } from './site/integrations/monaco-css.ts';
import udplabAdminPage from './site/integrations/relay-admin-page.ts';

/**
 * Runs first on every page: a classroom join link (`/#relay=<class token>`) leaves its token in
 * sessionStorage for the playgrounds' relay panel and disappears from the address bar, so it is
 * not bookmarked, shared or shown. The token is never put in a query string.
 */
const RELAY_FRAGMENT_SCRIPT = `(function(){try{var h=location.hash,m=/(?:^#|&)relay=([^&]*)/.exec(h);if(!m)return;sessionStorage.setItem('udplab.relay.token',decodeURIComponent(m[1]));var r=h.slice(1).split('&').filter(function(p){return p.indexOf('relay=')!==0}).join('&');history.replaceState(history.state,'',location.pathname+location.search+(r?'#'+r:''))}catch(e){}})();`;

/** Headers that make the page cross-origin isolated, so SharedArrayBuffer exists. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: './dist',
  site: 'http://localhost:4321',
  trailingSlash: 'ignore',
  server: { headers: ISOLATION_HEADERS },
  vite: {
    // Monaco's CSS is injected by the lazily loaded editor chunk, not hoisted into every page.
    plugins: [monacoCssInJs()],
    // site/content/docs is a symlink to content/docs: keep its real path stable so
    // Starlight still infers each page's locale from the path under docs/.
    resolve: {
      preserveSymlinks: true,
      alias: {
        '@examples': fileURLToPath(new URL('./content/examples', import.meta.url)),
        '@components': fileURLToPath(new URL('./site/components', import.meta.url)),
      },
    },
  },
  integrations: [
    // Pyodide and MicroPython files, served from our own origin under /_udplab/python/.
    udplabPython(),
    // The 掌控板's 16-px glyphs, served in blocks of 64 code points under /_udplab/glyphs/.
    udplabGlyphs(),
    // The relay dashboard's script (relay-server/src/server/admin-page/admin.ts), under /_udplab/admin/.
    udplabAdminPage(),
    starlight({
      title: { 'zh-CN': 'UDP 实验室', en: 'UDP Lab' },
      description: '用 Python 学 UDP 套接字编程，例子在浏览器里直接运行。',
      defaultLocale: 'root',
      locales: {
        root: { label: '简体中文', lang: 'zh-CN' },
        en: { label: 'English', lang: 'en' },
      },
      logo: { src: './site/assets/logo.svg', replacesTitle: false },
      customCss: ['./site/styles/custom.css'],
      head: [{ tag: 'script', content: RELAY_FRAGMENT_SCRIPT }],
      components: {
        Search: './site/components/Search.astro',
        Head: './site/components/Head.astro',
        SocialIcons: './site/components/SocialIcons.astro',
      },
      lastUpdated: false,
      // The 404 pages are lessons of their own (content/docs/404.mdx and en/404.mdx), one per language.
      disable404Route: true,
      pagination: true,
      sidebar: [
        {
          label: '网络基础',
          translations: { en: 'Network basics' },
          items: [{ slug: 'basics/network' }, { slug: 'basics/tcp-ip' }, { slug: 'basics/tcp-vs-udp' }],
        },
        {
          label: 'UDP 套接字编程',
          translations: { en: 'UDP socket programming' },
          items: [{ slug: 'socket/api' }, { slug: 'socket/steps' }],
        },
        {
          label: '掌控板',
          translations: { en: 'mPython board' },
          items: [{ slug: 'board/client' }, { slug: 'board/server' }, { slug: 'board/real-board' }],
        },
        {
          label: '动手项目',
          translations: { en: 'Projects' },
          items: [
            { slug: 'projects/vvboard-pc' },
            { slug: 'projects/chat' },
            { slug: 'projects/who-online' },
            { slug: 'projects/reliable' },
            { slug: 'projects/tcp-beside-udp' },
          ],
        },
        {
          label: '课堂',
          translations: { en: 'Classroom' },
          items: [{ slug: 'classroom/relay' }, { slug: 'classroom/troubleshooting' }],
        },
        {
          label: '附录',
          translations: { en: 'Appendix' },
          items: [{ slug: 'progress' }, { slug: 'glossary' }, { slug: 'references' }],
        },
      ],
    }),
    // Last: lists the build for the service worker once everything (Pagefind's index too) is written.
    udplabOffline(),
    // After it: brotli 11 / gzip 9 twins of what the build wrote, sent as they are by `udp-lab serve`.
    udplabPageTwins(),
  ],
});
