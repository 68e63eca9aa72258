// Expressive Code options (code blocks and the <Code> component): line numbers available, off by default.
import { defineEcConfig } from '@astrojs/starlight/expressive-code';
import { pluginLineNumbers } from '@expressive-code/plugin-line-numbers';

export default defineEcConfig({
  plugins: [pluginLineNumbers()],
  defaultProps: { showLineNumbers: false },
});
