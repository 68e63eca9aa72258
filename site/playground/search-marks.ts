// Whole-word highlights for Chinese searches: Pagefind's result excerpts mark the pieces its word
// cutter made of a Chinese query (端口号 → 端 + 口号); these marks are redrawn on the whole query.

/** A run of two or more Han characters: the Chinese words of a query. */
const HAN_RUN = /\p{Script=Han}{2,}/gu;

/** The Chinese words of a query (`"UDP 端口号"` → `['端口号']`), longest first. */
export function chineseTerms(query: string): string[] {
  const terms = new Set(query.match(HAN_RUN) ?? []);
  return [...terms].sort((a, b) => b.length - a.length);
}

/** Where the terms stand in `text`, as [start, end) ranges that do not overlap, in order. */
export function termRanges(text: string, terms: readonly string[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const term of terms) {
    for (let at = text.indexOf(term); at !== -1; at = text.indexOf(term, at + term.length)) {
      const end = at + term.length;
      if (!ranges.some(([s, e]) => at < e && end > s)) ranges.push([at, end]);
    }
  }
  return ranges.sort((a, b) => a[0] - b[0]);
}

/**
 * Redraws the marks of one excerpt for a query with Chinese words: where a word of the query
 * stands whole, it is marked as one; Pagefind's marks on pieces of it (lone characters, or a
 * word cut in two) go, also in an excerpt where no word stands whole. Marks on text without Han
 * characters (the query's Latin words) stay. A query without Chinese words is left to Pagefind.
 * @returns whether the excerpt was changed.
 */
export function markWholeWords(excerpt: HTMLElement, query: string): boolean {
  const terms = chineseTerms(query);
  if (terms.length === 0) return false;
  const text = excerpt.textContent ?? '';
  const ranges = termRanges(text, terms);
  const hanMarked = [...excerpt.querySelectorAll('mark')].some((m) =>
    /\p{Script=Han}/u.test(m.textContent ?? ''),
  );
  if (ranges.length === 0 && !hanMarked) return false;
  // Pagefind's marks that fall outside the whole words are Latin words of the query: kept.
  const kept: Array<[number, number]> = [];
  let offset = 0;
  const walker = document.createTreeWalker(excerpt, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const length = node.textContent?.length ?? 0;
    if (node.parentElement?.closest('mark') && !/\p{Script=Han}/u.test(node.textContent ?? ''))
      kept.push([offset, offset + length]);
    offset += length;
  }
  const marks = [...ranges, ...kept.filter(([s, e]) => !ranges.some(([rs, re]) => s < re && e > rs))].sort(
    (a, b) => a[0] - b[0],
  );
  const out = document.createDocumentFragment();
  let at = 0;
  for (const [start, end] of marks) {
    if (start > at) out.append(text.slice(at, start));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(start, end);
    out.append(mark);
    at = end;
  }
  if (at < text.length) out.append(text.slice(at));
  excerpt.replaceChildren(out);
  return true;
}

/**
 * Keeps the marks of every result excerpt under `results` whole-word for the query in `input`,
 * as Pagefind renders and re-renders them.
 */
export function watchSearchResults(results: HTMLElement, input: () => string): void {
  const done = new WeakMap<HTMLElement, string>();
  const redraw = (): void => {
    const query = input();
    for (const excerpt of results.querySelectorAll<HTMLElement>('.pagefind-ui__result-excerpt')) {
      const key = `${query}\u0000${excerpt.innerHTML}`;
      if (done.get(excerpt) === key) continue;
      markWholeWords(excerpt, query);
      done.set(excerpt, `${query}\u0000${excerpt.innerHTML}`);
    }
  };
  new MutationObserver(redraw).observe(results, { childList: true, subtree: true, characterData: true });
}
