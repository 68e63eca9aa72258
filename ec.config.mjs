// Expressive Code options (code blocks and the <Code> component): line numbers available, off by default.
import { defineEcConfig } from '@astrojs/starlight/expressive-code';
import { pluginLineNumbers } from '@expressive-code/plugin-line-numbers';

export default defineEcConfig({
  plugins: [pluginLineNumbers()],
  defaultProps: { showLineNumbers: false },
  // The theme's grey line numbers reach only 3.3:1 on the light background; Starlight's gray-3
  // passes WCAG AA in both colour schemes.
  styleOverrides: { lineNumbers: { foreground: 'var(--sl-color-gray-3)' } },
});
