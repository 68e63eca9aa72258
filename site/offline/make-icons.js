// Draws the app icons (site/public/icons/) from the course logo with the local Chromium: the logo on
// a white square, and a maskable version with the logo inside the central safe zone. Run by hand
// after changing site/assets/logo.svg: `node site/offline/make-icons.js`. Nothing is downloaded.
import { readFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const logo = readFileSync(fileURLToPath(new URL('../assets/logo.svg', import.meta.url)), 'utf8');
const out = fileURLToPath(new URL('../public/icons/', import.meta.url));
mkdirSync(out, { recursive: true });

/** name, size in pixels, share of the side the logo takes (maskable icons keep it in the middle 80 % circle). */
const ICONS = [
  ['icon-192.png', 192, 0.86],
  ['icon-512.png', 512, 0.86],
  ['icon-maskable-512.png', 512, 0.6],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  headless: true,
});
try {
  for (const [name, size, share] of ICONS) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const side = Math.round(size * share);
    await page.setContent(
      `<body style="margin:0;background:#fff;display:grid;place-items:center;width:${size}px;height:${size}px">` +
        logo.replace('<svg ', `<svg width="${side}" height="${side}" `) +
        '</body>',
    );
    await page.screenshot({ path: out + name, omitBackground: false });
    await page.close();
  }
} finally {
  await browser.close();
}
