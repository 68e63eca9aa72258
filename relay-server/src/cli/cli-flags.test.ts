// Flags of `udp-lab serve`: each documented, each with an environment twin, each checked.
import { describe, expect, it } from 'vitest';
import { FLAGS, helpText, parseFlags } from './cli-flags.ts';
import { joinLink } from './cli-serve.ts';
import { readFileSync } from 'node:fs';

describe('udp-lab serve flags', () => {
  const help = helpText();
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  it.each(FLAGS.map((f) => [f.flag, f.env]))(
    '--%s is documented with its twin %s, in --help and the README',
    (flag, env) => {
      expect(help).toContain(`--${flag}`);
      expect(help).toContain(env);
      expect(readme).toContain(`--${flag}`);
      expect(readme).toContain(env);
    },
  );

  it('reads every flag from its environment variable, and a flag wins', () => {
    const env = {
      UDP_LAB_LAN: '1',
      UDP_LAB_PORT: '8080',
      UDP_LAB_ALLOW: '10.1.0.0/16, 10.2.0.0/16',
      UDP_LAB_ALLOW_LOOPBACK: 'yes',
      UDP_LAB_PORT_RANGE: '40000-40099',
      UDP_LAB_SESSION_IDLE: '1.5',
      UDP_LAB_MAX_PPS: '50',
      UDP_LAB_LOG_LEVEL: 'warn',
      UDP_LAB_AUTH_FAILURES_ALLOWED: '40',
      UDP_LAB_MAX_REPORT_NAMES_PER_ADDRESS: '60',
    };
    expect(parseFlags([], env)).toMatchObject({
      lan: true,
      port: 8080,
      allow: ['10.1.0.0/16', '10.2.0.0/16'],
      allowLoopback: true,
      portRange: [40000, 40099],
      sessionIdleMs: 1500,
      packetsPerSecond: 50,
      logLevel: 'warn',
      authFailuresAllowed: 40,
      maxReportNamesPerAddress: 60,
    });
    expect(
      parseFlags(['--port', '9000', '--allow', '10.9.0.0/16', '--allow', '10.8.0.0/16'], env),
    ).toMatchObject({ port: 9000, allow: ['10.9.0.0/16', '10.8.0.0/16'] });
    expect(parseFlags([], {})).toEqual({ help: false });
  });

  it.each([
    [['--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['--port', 'abc'], /--port/],
    [['--allow', '10.0.0.0/40'], /like 192\.168\.1\.0\/24/],
    [['--port-range', '80-90'], /--port-range must be two ports from 1024/],
    [['--max-pps', '0'], /--max-pps must be a whole number of 1 or more/],
    [['--session-idle=-1'], /--session-idle must be a number of seconds/],
    [['--log-level', 'loud'], /--log-level must be one of/],
    [['--unknown'], /Unknown option/],
  ])('rejects %j with a message saying what is accepted', (argv, message) => {
    expect(() => parseFlags(argv as string[], {})).toThrow(message);
  });

  it('rejects a bad environment value naming the variable', () => {
    expect(() => parseFlags([], { UDP_LAB_LAN: 'maybe' })).toThrow(/UDP_LAB_LAN must be true or false/);
  });

  it('puts the class token in the join link fragment, never the query', () => {
    const link = joinLink('192.168.1.10', 4321, 'a+b/c');
    expect(link).toBe('http://192.168.1.10:4321/#relay=a%2Bb%2Fc');
    expect(new URL(link).search).toBe('');
  });
});
