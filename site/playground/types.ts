// What a playground page embeds (scenario, programs, strings) and the settings a learner can change.

import type { HostKind, Scenario } from '../runtime/scenario/index.ts';

export type { Scenario };

/** Network settings the learner controls; probabilities 0..1, times in ms. */
export interface NetSettings {
  seed: number;
  loss: number;
  delayMs: number;
  jitterMs: number;
  duplicate: number;
  reorder: number;
}

/** One program panel's data: where it runs and its original source. */
export interface ProgramData {
  /** The program's label (scenario `name`, default the file's base name); unique in the scenario. */
  name: string;
  /** File name shown and used in tracebacks, e.g. `board_udp_server.py`. */
  file: string;
  host: string;
  hostKind: HostKind;
  runtime: 'cpython' | 'micropython';
  /** The host's fixed or reserved address, '' when DHCP picks it. */
  ip: string;
  code: string;
}

/** Everything a playground element carries in its JSON data block. */
export interface PlaygroundData {
  /** Scenario id (file name without .json). */
  id: string;
  lang: string;
  scenario: Scenario;
  programs: ProgramData[];
  strings: Record<string, string>;
}

/** The settings a scenario starts with (its first LAN's impairment). */
export function initialSettings(scenario: Scenario): NetSettings {
  const imp = scenario.lans?.[0]?.impairment ?? {};
  return {
    seed: scenario.seed ?? 1,
    loss: imp.loss ?? 0,
    delayMs: imp.delayMs ?? 0,
    jitterMs: imp.jitterMs ?? 0,
    duplicate: imp.duplicate ?? 0,
    reorder: imp.reorder ?? 0,
  };
}
