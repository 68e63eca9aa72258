// Content collections: Starlight's docs (symlinked from content/docs) and UI strings per locale.
import { defineCollection, z } from 'astro:content';
import { docsLoader, i18nLoader } from '@astrojs/starlight/loaders';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import playgroundStrings from './content/i18n/en.json';

/** Our own UI strings (the playground's), declared from the English file so both locales share one key list. */
const extraStrings = z.object(
  Object.fromEntries(Object.keys(playgroundStrings).map((key) => [key, z.string().optional()])),
);

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  i18n: defineCollection({ loader: i18nLoader(), schema: i18nSchema({ extend: extraStrings }) }),
};
