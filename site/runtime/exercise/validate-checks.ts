// Validates one entry of an exercise's `checks`: its kind, the fields that kind takes, and the
// programs and hosts it names. Pure.

import type { HostKind } from '../scenario/index.ts';
import type { Fields } from './validate-fields.ts';

/** What a check may refer to. `known` is false when the scenario itself was broken. */
export interface CheckRefs {
  readonly programs: ReadonlySet<string>;
  readonly hosts: ReadonlyMap<string, HostKind>;
  readonly known: boolean;
}

const COMMON = ['id', 'title', 'kind'];
const RANGE = ['min', 'max'];
const FIELDS: Record<string, readonly string[]> = {
  output: ['program', 'stream', 'exact', 'inOrder', 'regex', 'contains', ...RANGE],
  datagrams: ['from', 'to', 'fates', 'minSize', 'maxSize', 'srcPort', 'payloads', 'payloadRegex', ...RANGE],
  oled: ['host', 'line', 'text'],
  exception: ['program', 'is'],
  ended: ['program', 'value'],
  calls: ['program', 'call', ...RANGE],
};
const ID_RE = /^[a-z0-9][a-z0-9-]{0,47}$/;
/** Calls a `calls` check may count (the syscall each stands for is in checks-calls.ts). */
export const CALL_NAMES = [
  'sendto',
  'recvfrom',
  'bind',
  'socket',
  'setsockopt',
  'select',
  'sleep',
  'input',
  'timeout',
];

/** Checks `check` at `path`; returns its id when it has a usable one. */
export function checkCheck(f: Fields, check: unknown, path: string, refs: CheckRefs): string | undefined {
  if (typeof check !== 'object' || check === null || Array.isArray(check)) {
    f.add('EXERCISE_ERR_TYPE', path, 'must be an object with "id", "title", "kind"');
    return undefined;
  }
  const kind = (check as Record<string, unknown>)['kind'];
  const fields = typeof kind === 'string' ? FIELDS[kind] : undefined;
  if (fields === undefined) {
    f.add(
      'EXERCISE_ERR_RANGE',
      `${path}.kind`,
      `must be one of ${Object.keys(FIELDS)
        .map((k) => `"${k}"`)
        .join(', ')}, got ${JSON.stringify(kind)}`,
    );
    return undefined;
  }
  if (!f.object(check, path, [...COMMON, ...fields])) return undefined;
  const id = f.string(check, 'id', path, true);
  if (id !== undefined && !ID_RE.test(id))
    f.add('EXERCISE_ERR_RANGE', `${path}.id`, `"${id}" must be 1–48 of a-z, 0-9 and '-'`);
  f.bilingual(check, 'title', `${path}.title`);
  f.number(check, 'min', path, 0, 1e6, true);
  f.number(check, 'max', path, 0, 1e6, true);

  const program = (): void => {
    const name = f.string(check, 'program', path, true);
    if (name !== undefined && refs.known && !refs.programs.has(name))
      f.add(
        'EXERCISE_ERR_UNKNOWN_REF',
        `${path}.program`,
        `no program "${name}"; the scenario has: ${[...refs.programs].join(', ')}`,
      );
  };
  const endpoint = (key: string): void => {
    const v = f.string(check, key, path, false);
    if (v === undefined || !refs.known) return;
    if (!refs.hosts.has(v) && !/^\d{1,3}(\.\d{1,3}){3}(:\d{1,5})?$/.test(v))
      f.add(
        'EXERCISE_ERR_UNKNOWN_REF',
        `${path}.${key}`,
        `"${v}" is neither a host (${[...refs.hosts.keys()].join(', ')}) nor "ip" / "ip:port"`,
      );
  };

  switch (kind) {
    case 'output': {
      program();
      const forms = ['exact', 'inOrder', 'regex', 'contains'].filter((k) => check[k] !== undefined);
      if (forms.length !== 1)
        f.add(
          'EXERCISE_ERR_MISSING',
          path,
          `needs exactly one of "exact", "inOrder", "regex", "contains" (has ${forms.length})`,
        );
      if (check['stream'] !== undefined && check['stream'] !== 'stdout' && check['stream'] !== 'stderr')
        f.add('EXERCISE_ERR_RANGE', `${path}.stream`, 'must be "stdout" or "stderr"');
      if (check['exact'] !== undefined) f.stringList(check, 'exact', `${path}.exact`, false);
      f.stringList(check, 'inOrder', `${path}.inOrder`, false).forEach((r, i) =>
        f.regex(r, `${path}.inOrder[${i}]`),
      );
      f.regex(f.string(check, 'regex', path, false), `${path}.regex`);
      f.string(check, 'contains', path, false);
      break;
    }
    case 'datagrams':
      endpoint('from');
      endpoint('to');
      f.stringList(check, 'fates', `${path}.fates`, false);
      f.number(check, 'minSize', path, 0, 65_535, true);
      f.number(check, 'maxSize', path, 0, 65_535, true);
      f.number(check, 'srcPort', path, 1, 65_535, true);
      f.stringList(check, 'payloads', `${path}.payloads`, false);
      f.regex(f.string(check, 'payloadRegex', path, false), `${path}.payloadRegex`);
      break;
    case 'oled': {
      const host = f.string(check, 'host', path, true);
      if (host !== undefined && refs.known && refs.hosts.get(host) !== 'board')
        f.add('EXERCISE_ERR_UNKNOWN_REF', `${path}.host`, `"${host}" is not a board of the scenario`);
      if (check['line'] === undefined) f.add('EXERCISE_ERR_MISSING', `${path}.line`, 'is required (1–4)');
      f.number(check, 'line', path, 1, 4, true);
      f.string(check, 'text', path, true);
      break;
    }
    case 'exception':
      program();
      if (!('is' in check))
        f.add('EXERCISE_ERR_MISSING', `${path}.is`, 'is required: null (none) or a class name');
      else if (
        check['is'] !== null &&
        (typeof check['is'] !== 'string' || !/^[A-Za-z_]\w*$/.test(check['is']))
      )
        f.add('EXERCISE_ERR_TYPE', `${path}.is`, 'must be null or an exception class name such as "OSError"');
      break;
    case 'ended':
      program();
      if (check['value'] !== undefined && typeof check['value'] !== 'boolean')
        f.add('EXERCISE_ERR_TYPE', `${path}.value`, 'must be true or false');
      break;
    case 'calls': {
      program();
      const call = f.string(check, 'call', path, true);
      if (call !== undefined && !CALL_NAMES.includes(call))
        f.add('EXERCISE_ERR_RANGE', `${path}.call`, `must be one of ${CALL_NAMES.join(', ')}, got "${call}"`);
      break;
    }
  }
  return id;
}
