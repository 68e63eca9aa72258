// Builds the simulated world a scenario describes: the netsim network, its LANs and impairments,
// the Wi-Fi access points, PCs on their LANs and boards with their Wi-Fi and OLED. Pure: no Node.

import type { Clock } from '../netsim/index.ts';
import { createNetwork } from '../netsim/index.ts';
import type { Host, Network } from '../netsim/index.ts';
import type { GlyphSource } from '../board/index.ts';
import { Airwaves } from '../board/index.ts';
import { BoardDevice } from '../board/index.ts';
import { inLan, profileOf, type Scenario, type ScenarioHost, type ScenarioImpairment } from './format.ts';

/** One host of the world. */
export interface WorldHost {
  readonly spec: ScenarioHost;
  readonly host: Host;
  /** Set for `kind: 'board'`. */
  readonly board?: BoardDevice;
}

/** The built world. */
export interface World {
  readonly network: Network;
  readonly air: Airwaves;
  readonly hosts: ReadonlyMap<string, WorldHost>;
  /** Looks a host up by scenario name (case-insensitive). */
  host(name: string): WorldHost;
  /** Leaves every Wi-Fi network, stops PCs joining. */
  dispose(): void;
}

/** Options of {@link buildWorld}. */
export interface WorldOptions {
  clock: Clock;
  /** Overrides `scenario.seed`. */
  seed?: number;
  /** Glyphs for the boards' OLED text. */
  glyphs?: GlyphSource;
  /** Applied to every LAN on top of the scenario's own impairments (e.g. the CLI's --loss). */
  impairment?: ScenarioImpairment;
}

function impair(network: Network, lan: string, imp: ScenarioImpairment | undefined): void {
  if (imp === undefined) return;
  const fields = Object.fromEntries(Object.entries(imp).filter(([, v]) => v !== undefined));
  if (Object.keys(fields).length > 0) network.setImpairment(lan, fields);
}

/** Creates the network and every host. The scenario must have passed validateScenario. */
export function buildWorld(scenario: Scenario, options: WorldOptions): World {
  const network = createNetwork({ seed: options.seed ?? scenario.seed ?? 1, clock: options.clock });
  const air = new Airwaves(network);
  const lans = scenario.lans ?? [];
  for (const lan of lans) {
    air.addLan(lan.name, lan.cidr, lan.dns);
    impair(network, lan.name, lan.impairment);
    impair(network, lan.name, options.impairment);
  }
  for (const ap of scenario.accessPoints ?? []) {
    air.addAccessPoint({
      ssid: ap.ssid,
      lan: ap.lan,
      ...(ap.password !== undefined ? { password: ap.password } : {}),
      ...(ap.rssi !== undefined ? { rssi: ap.rssi } : {}),
      ...(ap.channel !== undefined ? { channel: ap.channel } : {}),
      ...(ap.connectMs !== undefined ? { connectMs: ap.connectMs } : {}),
    });
  }

  const hosts = new Map<string, WorldHost>();
  const joins: (() => void)[] = [];
  const wired: { host: Host; lan: string; ip?: string }[] = [];
  for (const spec of scenario.hosts) {
    const host = network.addHost({ name: spec.name, profile: profileOf(spec.kind) });
    if (spec.kind === 'board') {
      const board = new BoardDevice({
        host,
        air,
        clock: options.clock,
        ...(options.glyphs !== undefined ? { glyphs: options.glyphs } : {}),
        ...(spec.ip !== undefined ? { reservedIp: spec.ip } : {}),
      });
      hosts.set(spec.name.toLowerCase(), { spec, host, board });
      continue;
    }
    hosts.set(spec.name.toLowerCase(), { spec, host });
    if (spec.interfaces !== undefined) {
      for (const iface of spec.interfaces)
        wired.push({ host, lan: iface.lan, ...(iface.ip !== undefined ? { ip: iface.ip } : {}) });
    } else if (spec.ip !== undefined || spec.lan !== undefined) {
      const lan = spec.lan ?? lans.find((l) => inLan(spec.ip as string, l.cidr))?.name;
      if (lan !== undefined) wired.push({ host, lan, ...(spec.ip !== undefined ? { ip: spec.ip } : {}) });
    }
  }
  // Fixed addresses first, so that DHCP never hands out an address a later host has pinned.
  for (const w of wired) if (w.ip !== undefined) w.host.attach(w.lan, w.ip);
  for (const w of wired) if (w.ip === undefined) w.host.attach(w.lan);
  for (const { spec, host } of hosts.values()) {
    if (spec.wifi !== undefined)
      joins.push(air.joinWhenAvailable(host, spec.wifi.ssid, spec.wifi.password ?? ''));
  }

  return {
    network,
    air,
    hosts,
    host(name: string): WorldHost {
      const found = hosts.get(name.toLowerCase());
      if (found === undefined) throw new Error(`RUNNER_ERR_UNKNOWN_HOST: no host "${name}" in the scenario`);
      return found;
    },
    dispose(): void {
      for (const stop of joins) stop();
      for (const { board } of hosts.values()) board?.dispose();
    },
  };
}
