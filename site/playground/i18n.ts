// The playground's UI strings in the page's language, as the page embedded them.

/** Key → text, e.g. 'playground.run' → '运行'. */
export type Strings = Readonly<Record<string, string>>;

/** Looks a key up and fills `{{name}}` placeholders; an unknown key returns the key itself. */
export function format(
  strings: Strings,
  key: string,
  vars: Readonly<Record<string, string | number>> = {},
): string {
  const text = strings[key] ?? key;
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** A translator bound to one playground's strings. */
export type Translate = (key: string, vars?: Readonly<Record<string, string | number>>) => string;

export function translator(strings: Strings): Translate {
  return (key, vars) => format(strings, key, vars);
}
