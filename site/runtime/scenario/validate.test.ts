// The scenario format: every problem reported with its path and a fix; the lessons' scenario files valid.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inLan } from './format.ts';
import { ScenarioError, validateScenario } from './validate.ts';

const SCENARIOS = fileURLToPath(new URL('../../../content/scenarios/', import.meta.url));

function problems(doc: unknown): string[] {
  try {
    validateScenario(doc);
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems.map((p) => `${p.code} ${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

const OK = {
  lans: [{ name: 'home', cidr: '192.168.0.0/24' }],
  accessPoints: [{ ssid: 'ssid', password: 'password', lan: 'home' }],
  hosts: [
    { name: 'pc', kind: 'pc', ip: '192.168.0.3' },
    { name: 'board', kind: 'board' },
  ],
  programs: [{ file: 'a.py', host: 'pc' }],
};

describe('validateScenario', () => {
  it('accepts a well-formed scenario', () => {
    expect(problems(OK)).toEqual([]);
  });

  it('lists every problem with its path and what to write instead', () => {
    const out = problems({
      lans: [{ name: 'home', cidr: '192.168.0.1/24' }],
      accessPoints: [{ ssid: 'x', lan: 'nowhere', channel: 14 }],
      hosts: [
        { name: 'pc', kind: 'laptop' },
        { name: 'pc', kind: 'pc', ip: '10.0.0.300' },
        { name: 'b', kind: 'board', lan: 'home' },
      ],
      programs: [{ host: 'ghost', stdin: [{ txt: 'hi' }] }],
      extra: 1,
    });
    expect(out).toEqual([
      'SCENARIO_ERR_UNKNOWN_FIELD scenario.extra: unknown field; allowed here: title, description, seed, timeout, lans, accessPoints, hosts, programs',
      'SCENARIO_ERR_ADDRESS lans[0].cidr: "192.168.0.1/24" must be a network address with a prefix from 8 to 30, e.g. "192.168.0.0/24"',
      'SCENARIO_ERR_UNKNOWN_REF accessPoints[0].lan: no LAN named "nowhere"; defined: home',
      'SCENARIO_ERR_RANGE accessPoints[0].channel: must be an integer from 1 to 13, got 14',
      'SCENARIO_ERR_RANGE hosts[0].kind: must be one of "pc", "vvboard", "board", got "laptop"',
      'SCENARIO_ERR_DUPLICATE hosts[1].name: host "pc" is defined twice',
      'SCENARIO_ERR_ADDRESS hosts[1].ip: "10.0.0.300" is not a dotted-quad IPv4 address such as 192.168.0.3',
      'SCENARIO_ERR_RANGE hosts[2]: a board joins LANs only through Wi-Fi (connectWiFi); drop "lan"/"interfaces" and list an access point instead',
      'SCENARIO_ERR_MISSING programs[0]: needs exactly one of "file" (a path relative to the scenario) and "code"',
      'SCENARIO_ERR_UNKNOWN_REF programs[0].host: no host named "ghost"; defined: pc, b',
      'SCENARIO_ERR_UNKNOWN_FIELD programs[0].stdin[0].txt: unknown field; allowed here: text, delayMs, waitFor',
      'SCENARIO_ERR_MISSING programs[0].stdin[0].text: is required',
    ]);
  });

  it('checks that a fixed address lies in a LAN', () => {
    expect(problems({ ...OK, hosts: [{ name: 'pc', kind: 'pc', ip: '10.1.2.3' }] })).toEqual([
      'SCENARIO_ERR_ADDRESS hosts[0].ip: 10.1.2.3 is in no LAN\'s subnet; add a LAN whose cidr holds it, or name one with "lan"',
    ]);
  });

  it('checks regular expressions and references between programs', () => {
    const out = problems({
      ...OK,
      programs: [
        { file: 'a.py', host: 'pc', stdin: [{ text: 'x', waitFor: '(' }] },
        { file: 'b.py', host: 'pc', start: { after: 'c.py', output: 'ok' } },
        { file: 'a.py', host: 'pc' },
      ],
    });
    expect(out[0]).toMatch(
      /^SCENARIO_ERR_REGEX programs\[0\]\.stdin\[0\]\.waitFor: is not a valid regular expression/,
    );
    expect(out.slice(1)).toEqual([
      'SCENARIO_ERR_UNKNOWN_REF programs[1].start.after: no earlier program named "c.py" (a program can wait only for one listed before it)',
      'SCENARIO_ERR_DUPLICATE programs[2].name: two programs are called "a.py"; give one a "name"',
    ]);
  });

  it('names the source in the message', () => {
    expect(() => validateScenario([], 'x.json')).toThrow(
      /^x\.json: scenario: must be an object, got a list$/,
    );
  });

  it('inLan excludes the network and broadcast addresses', () => {
    expect(inLan('192.168.0.0', '192.168.0.0/24')).toBe(false);
    expect(inLan('192.168.0.1', '192.168.0.0/24')).toBe(true);
    expect(inLan('192.168.0.254', '192.168.0.0/24')).toBe(true);
    expect(inLan('192.168.0.255', '192.168.0.0/24')).toBe(false);
  });
});

describe('content/scenarios', () => {
  const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.json'));

  it('has a scenario for every example program', () => {
    const used = new Set<string>();
    for (const file of files) {
      const doc = JSON.parse(readFileSync(join(SCENARIOS, file), 'utf8')) as {
        programs: { file?: string }[];
      };
      for (const p of doc.programs) if (p.file) used.add(resolve(SCENARIOS, p.file));
    }
    const examples = fileURLToPath(new URL('../../../content/examples/', import.meta.url));
    const programs = readdirSync(examples)
      .filter((f) => f.endsWith('.py'))
      .map((f) => join(examples, f));
    expect(programs.filter((p) => !used.has(p))).toEqual([]);
  });

  it.each(files)('%s is valid and names existing files', (file) => {
    const doc = validateScenario(JSON.parse(readFileSync(join(SCENARIOS, file), 'utf8')), file);
    for (const p of doc.programs)
      if (p.file) expect(existsSync(resolve(dirname(join(SCENARIOS, file)), p.file))).toBe(true);
  });
});
