// One simulated 掌控板: its netsim host, Wi-Fi, OLED and RGB LEDs, and every syscall handler its
// Python modules (mpython, network, machine) call. The page and the runner observe it from here.

import type { Host } from '../netsim/index.ts';
import type { HandlerTable, SyscallOp } from '../python/index.ts';
import type { Clock } from '../python/index.ts';
import type { Airwaves } from './kernel-airwaves.ts';
import { oledHandlers } from './kernel-oled.ts';
import { WifiDevice } from './kernel-wifi.ts';
import { OledPanel } from './oled.ts';
import { EMPTY_GLYPH_SOURCE, type GlyphSource } from './glyph-source.ts';

/** The syscalls a board's modules make (every `board.*`, `wifi.*` and `oled.*` op of the door). */
export type BoardOp = Extract<SyscallOp, `board.${string}` | `wifi.${string}` | `oled.${string}`>;

/** Number of RGB LEDs on the board. */
export const RGB_LEDS = 3;

/** Options of {@link BoardDevice}. */
export interface BoardDeviceOptions {
  /** The board's netsim host; create it with profile 'lwip'. */
  host: Host;
  air: Airwaves;
  /** The clock association timers run on (the network's). */
  clock: Clock;
  /** Glyphs for DispChar. Default: none (DispChar draws nothing). */
  glyphs?: GlyphSource;
  /** DHCP reservation: the address a router hands this board when it lies in its subnet. */
  reservedIp?: string;
}

/** A simulated 掌控板. Pass `handlers()` to startProgram for each program that runs on it. */
export class BoardDevice {
  readonly host: Host;
  readonly wifi: WifiDevice;
  /** The OLED panel: what the board's program last sent with `oled.show()`, and the panel commands. */
  readonly oled: OledPanel;
  /** DispChar's font (the board's flash). */
  readonly glyphs: GlyphSource;
  #oledUsed = false;
  #rgb: [number, number, number][] = Array.from({ length: RGB_LEDS }, () => [0, 0, 0]);
  #rgbListeners = new Set<(pixels: readonly (readonly [number, number, number])[]) => void>();

  constructor(options: BoardDeviceOptions) {
    this.host = options.host;
    this.oled = new OledPanel();
    this.glyphs = options.glyphs ?? EMPTY_GLYPH_SOURCE;
    this.wifi = new WifiDevice({
      host: options.host,
      air: options.air,
      clock: options.clock,
      ...(options.reservedIp !== undefined ? { reservedIp: options.reservedIp } : {}),
    });
    this.oled.subscribe((snapshot) => {
      if (!this.#oledUsed && snapshot.on && snapshot.pixels.includes(1)) this.#oledUsed = true;
    });
  }

  /** True once the panel has shown at least one lit pixel (the runner prints only such screens). */
  get oledUsed(): boolean {
    return this.#oledUsed;
  }

  get name(): string {
    return this.host.name;
  }

  /** The colours last written with `rgb.write()`, one [r, g, b] per LED. */
  get rgb(): readonly (readonly [number, number, number])[] {
    return this.#rgb;
  }

  /** Calls `listener` after every `rgb.write()`; returns an unsubscribe function. */
  onRgb(listener: (pixels: readonly (readonly [number, number, number])[]) => void): () => void {
    this.#rgbListeners.add(listener);
    return () => this.#rgbListeners.delete(listener);
  }

  /** Every handler the board modules need. */
  handlers(): HandlerTable<BoardOp> {
    return {
      ...this.wifi.handlers(),
      ...oledHandlers(this.oled, this.glyphs),
      'board.info': () => ({ kind: 'board', name: this.name, mac: this.wifi.staMac }),
      'board.ticks_ms': (ctx) => Math.floor(ctx.clock.now()),
      'board.rgb': (_ctx, args) => {
        const pixels = Array.isArray(args.pixels) ? args.pixels : [];
        this.#rgb = Array.from({ length: RGB_LEDS }, (_, i) => {
          const p = pixels[i];
          return Array.isArray(p)
            ? ([0, 1, 2].map((k) => clampByte(p[k])) as [number, number, number])
            : [0, 0, 0];
        });
        for (const listener of this.#rgbListeners) listener(this.#rgb);
        return null;
      },
    };
  }

  /** Leaves every Wi-Fi network. */
  dispose(): void {
    this.wifi.dispose();
  }
}

function clampByte(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.min(255, Math.trunc(v))) : 0;
}
