// The common mistakes the checker recognises (mistakes.ts explains each); hints name them by id.

export const MISTAKE_IDS = [
  'sendto-str',
  'bind-two-args',
  'bytes-printed',
  'recv-no-timeout',
  'address-in-use',
  'broadcast-no-so-broadcast',
  'board-no-wifi',
  'unicode-decode',
  'loopback-other-host',
] as const;

/** One of {@link MISTAKE_IDS}. */
export type MistakeId = (typeof MISTAKE_IDS)[number];
