// The scenario's world in the page: the runner's own buildWorld (same format, same wiring as headless runs),
// with the learner's network settings and the board font fetched block by block.

import { buildWorld as buildRunnerWorld, type World } from '../runtime/scenario/index.ts';
import type { Clock } from '../runtime/netsim/index.ts';
import { loadBrowserGlyphs, GLYPHS_ROUTE, type FetchGlyphSource } from '../runtime/board/index.ts';
import type { NetSettings, Scenario } from './types.ts';
import { BOARD_MODULE_NAMES } from '../runtime/python/index.ts';

export type { World };

/** The board-only Python modules (mpython, network, machine, _boardcall), as the runner passes them. */
const shimSources = import.meta.glob<string>('../runtime/python/shims/*.py', {
  eager: true,
  query: '?raw',
  import: 'default',
});

/** Module name → source for programs on a 掌控板. */
export const boardModules: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(shimSources)
    .map(([path, source]) => [path.replace(/^.*\/|\.py$/g, ''), source] as const)
    .filter(([name]) => (BOARD_MODULE_NAMES as readonly string[]).includes(name)),
);

let glyphs: Promise<FetchGlyphSource> | undefined;

/** The board font, fetched once per page (block by block as text needs it). */
export function boardGlyphs(): Promise<FetchGlyphSource> {
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  glyphs ??= loadBrowserGlyphs({ baseUrl: `${base}${GLYPHS_ROUTE}` }).catch((e: unknown) => {
    glyphs = undefined;
    throw e;
  });
  return glyphs;
}

/** The impairment part of the learner's settings, as netsim takes it. */
export function impairmentOf(s: NetSettings) {
  return {
    loss: s.loss,
    delayMs: s.delayMs,
    jitterMs: s.jitterMs,
    duplicate: s.duplicate,
    reorder: s.reorder,
  };
}

/**
 * Builds the world for one run. The learner's impairment applies to every LAN (the playground
 * has one set of controls); the seed seeds the network.
 */
export async function buildWorld(scenario: Scenario, settings: NetSettings, clock: Clock): Promise<World> {
  const needsGlyphs = scenario.hosts.some((h) => h.kind === 'board');
  const font = needsGlyphs ? await boardGlyphs() : undefined;
  return buildRunnerWorld(scenario, {
    clock,
    seed: settings.seed,
    impairment: impairmentOf(settings),
    ...(font ? { glyphs: font } : {}),
  });
}

/**
 * The source address Linux or lwIP would put on a datagram that host `name` sent from a socket
 * bound to 0.0.0.0 to `dst` over `lan`: the host's own address on that LAN (its first one when the
 * LAN is not one of its own), or for traffic inside the host, the destination's own address.
 */
export function hostAddress(world: World, name: string, lan: string, dst: string): string | undefined {
  const found = world.hosts.get(name.toLowerCase());
  if (!found) return undefined;
  if (lan.startsWith('lo:')) return dst.startsWith('127.') ? '127.0.0.1' : dst;
  const ifaces = found.host.interfaces();
  return (ifaces.find((i) => i.lan === lan) ?? ifaces[0])?.ip;
}
