// The 掌控板's OLED, live: a 128×64 canvas scaled with crisp pixels, plus the board's Wi-Fi state and address.

import type { Translate } from './i18n.ts';

/** What the panel shows (structurally the board runtime's OledSnapshot). */
export interface OledFrame {
  readonly version: number;
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
  readonly inverted: boolean;
  readonly contrast: number;
  readonly on: boolean;
}

/** The board's screen and Wi-Fi line under a program's terminal. */
export class OledView {
  readonly canvas: HTMLCanvasElement;
  #ctx: CanvasRenderingContext2D;
  #image: ImageData;
  #wifi: HTMLElement;
  #t: Translate;
  #lastVersion = -1;
  /** The last frame drawn; tests read it. */
  frame: OledFrame | null = null;

  constructor(container: HTMLElement, t: Translate, host: string) {
    this.#t = t;
    const figure = document.createElement('figure');
    figure.className = 'pg-oled';
    this.canvas = document.createElement('canvas');
    this.canvas.width = 128;
    this.canvas.height = 64;
    this.canvas.setAttribute('role', 'img');
    this.canvas.setAttribute('aria-label', t('playground.oled', { host }));
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('canvas 2d context unavailable');
    this.#ctx = ctx;
    this.#image = ctx.createImageData(128, 64);
    const caption = document.createElement('figcaption');
    this.#wifi = document.createElement('span');
    this.#wifi.setAttribute('role', 'status');
    caption.append(this.#wifi);
    figure.append(this.canvas, caption);
    container.append(figure);
    this.clear();
    this.setWifi(null);
  }

  /** Draws a frame if it changed since the last one. */
  draw(frame: OledFrame): void {
    if (frame.version === this.#lastVersion) return;
    this.#lastVersion = frame.version;
    this.frame = frame;
    const data = this.#image.data;
    // Lit pixels are the panel's light blue-white, dimmed by contrast as the SSD1106 does, roughly.
    const level = 0.45 + 0.55 * (frame.contrast / 255);
    const lit = [Math.round(190 * level), Math.round(230 * level), Math.round(255 * level)];
    for (let i = 0; i < 128 * 64; i++) {
      const on = frame.on && (frame.pixels[i] === 1) !== frame.inverted;
      data[i * 4] = on ? (lit[0] ?? 0) : 0;
      data[i * 4 + 1] = on ? (lit[1] ?? 0) : 0;
      data[i * 4 + 2] = on ? (lit[2] ?? 0) : 0;
      data[i * 4 + 3] = 255;
    }
    this.#ctx.putImageData(this.#image, 0, 0);
  }

  /** A dark screen (before the program runs). */
  clear(): void {
    this.#lastVersion = -1;
    this.frame = null;
    this.#ctx.fillStyle = '#000';
    this.#ctx.fillRect(0, 0, 128, 64);
  }

  /** Wi-Fi line: the address when connected, else "not connected". */
  setWifi(ip: string | null): void {
    this.#wifi.textContent = `${this.#t('playground.wifi')}: ${
      ip ? this.#t('playground.wifi.connected', { ip }) : this.#t('playground.wifi.disconnected')
    }`;
  }
}
