// The exercise format: a task in both languages, a scenario with the learner's program(s) and our
// reference peers, declarative checks run on several seeds, ordered hints, a model solution and
// known-wrong ones. Pure: no DOM, no Node. content/exercises/README.md documents the JSON.

import type { Scenario } from '../scenario/index.ts';

/** A text in both languages (Chinese first). */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}

/** The page's languages. */
export type Lang = keyof Bilingual;

/** A count range; both ends inclusive, either optional. */
export interface CountRange {
  readonly min?: number;
  readonly max?: number;
}

/** What a program printed. Exactly one of exact / inOrder / regex / contains. */
export interface OutputCheck extends CountRange {
  readonly kind: 'output';
  readonly program: string;
  /** Default 'stdout'. */
  readonly stream?: 'stdout' | 'stderr';
  /** The whole output, line for line (trailing blank lines ignored). */
  readonly exact?: readonly string[];
  /** Regexes that lines must match in this order (other lines may come between). */
  readonly inOrder?: readonly string[];
  /** Lines matching it: how many (default at least 1; `max: 0` = none). */
  readonly regex?: string;
  /** A substring of the output (`max: 0` = must not appear). */
  readonly contains?: string;
}

/** Datagrams on the wire: how many match the filters (default at least 1), and their payloads. */
export interface DatagramsCheck extends CountRange {
  readonly kind: 'datagrams';
  /** Sent from this host (its scenario name), or 'ip' / 'ip:port'. */
  readonly from?: string;
  /** Sent to this host (its scenario name), or 'ip' / 'ip:port'. */
  readonly to?: string;
  /** Only these fates, e.g. ['delivered']. */
  readonly fates?: readonly string[];
  readonly minSize?: number;
  readonly maxSize?: number;
  /** The source port must be this. */
  readonly srcPort?: number;
  /** Payloads (UTF-8) of the matching datagrams, in send order, must be exactly these. */
  readonly payloads?: readonly string[];
  /** Every matching payload must match this regex (UTF-8 text). */
  readonly payloadRegex?: string;
}

/** What a board's OLED shows at the end: one 16-px line (1–4) as DispChar draws `text`. */
export interface OledCheck {
  readonly kind: 'oled';
  /** The board's host name. */
  readonly host: string;
  /** 1 = y 0–15, 2 = y 16–31, … */
  readonly line: number;
  readonly text: string;
}

/** The program's uncaught exception: `null` = none (KeyboardInterrupt from the budget counts as none). */
export interface ExceptionCheck {
  readonly kind: 'exception';
  readonly program: string;
  readonly is: string | null;
}

/** The program ended by itself within the budget (`value: false`: it was still running). */
export interface EndedCheck {
  readonly kind: 'ended';
  readonly program: string;
  readonly value?: boolean;
}

/** How often the program made a call: `sendto`, `recvfrom`, `bind`… or `timeout` (a wait with a time limit). */
export interface CallsCheck extends CountRange {
  readonly kind: 'calls';
  readonly program: string;
  readonly call: string;
}

/** One check; `id` is what hints and wrong solutions name. */
export type Check = (OutputCheck | DatagramsCheck | OledCheck | ExceptionCheck | EndedCheck | CallsCheck) & {
  readonly id: string;
  /** What it asks, in both languages (shown with ✓/✗). */
  readonly title: Bilingual;
};

/** A hint, shown one at a time after a failed check. */
export interface Hint extends Bilingual {
  readonly id: string;
  /** When it is the verdict's hint: one of these checks failed, or one of these mistakes was seen. */
  readonly when?: { readonly failed?: readonly string[]; readonly mistakes?: readonly string[] };
}

/** A known-wrong solution: learner program name → file, and the hint (or check) it must trigger. */
export interface WrongSolution {
  readonly files: Readonly<Record<string, string>>;
  /** A hint id (the verdict's hint must be it) or a check id (that check must fail). */
  readonly triggers: string;
  readonly why?: string;
}

/** A whole exercise.json. File paths are relative to the exercise's folder. */
export interface Exercise {
  readonly id: string;
  /** The lesson slug it belongs to, e.g. 'socket/steps'. */
  readonly lesson: string;
  readonly title: Bilingual;
  readonly task: Bilingual;
  /** Inline scenario, or a path to a scenario file. The learner's programs' `file`s are the starters. */
  readonly scenario: Scenario | string;
  /** Names (in the scenario) of the programs the learner writes, in the order the CLI takes files. */
  readonly learner: readonly string[];
  /** Each check must pass on every one of these. */
  readonly seeds: readonly number[];
  /** Virtual seconds after the last program started; then the run is stopped. */
  readonly budget: number;
  readonly checks: readonly Check[];
  readonly hints: readonly Hint[];
  /** Learner program name → model solution file. */
  readonly solution: Readonly<Record<string, string>>;
  readonly wrong: readonly WrongSolution[];
}

/** Picks a language's text. */
export function say(text: Bilingual, lang: Lang): string {
  return text[lang];
}
