// The board modules (mpython, network, machine) on the board kernels, in real MicroPython on
// virtual time: what connectWiFi prints, AP mode addresses, the replaced print, the OLED.

import { describe, expect, it } from 'vitest';
import { ManualClock } from '../netsim/index.ts';
import { NetError } from '../netsim/index.ts';
import { createNetwork } from '../netsim/index.ts';
import { runOnHarness } from './testing/board-harness.ts';
import { toAscii } from './ascii-art.ts';
import { Airwaves } from './kernel-airwaves.ts';
import { BoardDevice } from './kernel-board.ts';
import { loadNodeGlyphs } from './fonts-node.ts';

function world(options: { reservedIp?: string } = {}) {
  const clock = new ManualClock(0);
  const network = createNetwork({ seed: 1, clock });
  const air = new Airwaves(network);
  air.addLan('home', '192.168.0.0/24');
  air.addAccessPoint({ ssid: 'ssid', password: 'password', lan: 'home' });
  const host = network.addHost({ name: 'board', profile: 'lwip' });
  const board = new BoardDevice({ host, air, clock, glyphs: loadNodeGlyphs(), ...options });
  return { clock, network, air, host, board };
}

const CONNECT = 'from mpython import *\nw = wifi()\n';

describe('mpython.wifi on the simulated radio', () => {
  it('connectWiFi prints the firmware progress line and the DHCP lease', async () => {
    const { board, clock, host } = world();
    const r = await runOnHarness(
      CONNECT + 'w.connectWiFi("ssid", "password")\nprint(w.sta.isconnected())',
      board,
      clock,
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toBe(
      'Connection WiFi...\n' +
        "WiFi(ssid,-45dBm) Connection Successful, Config:('192.168.0.2', '255.255.255.0', '192.168.0.1', '192.168.0.1')\n" +
        'True\n',
    );
    expect(host.addresses()).toEqual(['192.168.0.2']);
  });

  it('a DHCP reservation pins the address', async () => {
    const { board, clock } = world({ reservedIp: '192.168.0.77' });
    const r = await runOnHarness(
      CONNECT + 'w.connectWiFi("ssid", "password")\nprint(w.sta.ifconfig()[0])',
      board,
      clock,
    );
    expect(r.stdout.trim().split('\n').pop()).toBe('192.168.0.77');
  });

  it('an SSID that is not on the air raises at once', async () => {
    const { board, clock } = world();
    const r = await runOnHarness(CONNECT + 'w.connectWiFi("nope", "password")', board, clock);
    expect(r.stdout).toBe('');
    expect(r.error).toBe('OSError: SSID invalid / failed to scan this wifi');
  });

  it('a wrong password ends in the timeout error once `timeout` whole seconds have passed, as the firmware counts', async () => {
    const { board, clock, host } = world();
    // Started at 0 ms: the firmware's check `time.time() - start > 3` first holds at 4 s, after 8 dots.
    const r = await runOnHarness(CONNECT + 'w.connectWiFi("ssid", "wrong", timeout=3)', board, clock);
    expect(r.stdout).toBe('Connection WiFi' + '.'.repeat(8) + '\n');
    expect(r.error).toBe('OSError: Timeout!,check your wifi password and keep your network unblocked');
    expect(clock.now()).toBe(4000);
    expect(host.addresses()).toEqual([]);
  });

  it('counts whole seconds of the board clock: started 0.7 s into a second, 3 s give 7 dots', async () => {
    const { board, clock } = world();
    clock.advance(700);
    const r = await runOnHarness(CONNECT + 'w.connectWiFi("ssid", "wrong", timeout=3)', board, clock);
    expect(r.stdout).toBe('Connection WiFi' + '.'.repeat(7) + '\n');
    expect(clock.now()).toBe(4200);
  });

  it('disconnectWiFi leaves the LAN', async () => {
    const { board, clock, host } = world();
    const r = await runOnHarness(
      CONNECT + 'w.connectWiFi("ssid", "password")\nw.disconnectWiFi()\nprint(w.sta.ifconfig())',
      board,
      clock,
    );
    expect(r.stdout.split('\n').slice(2).join('\n')).toBe(
      "disconnect WiFi...\n('0.0.0.0', '0.0.0.0', '0.0.0.0', '0.0.0.0')\n",
    );
    expect(host.addresses()).toEqual([]);
  });

  it('a board that has not joined Wi-Fi cannot send: bare errno 118', () => {
    const { host } = world();
    const fd = host.socket('AF_INET', 'SOCK_DGRAM');
    let caught: unknown;
    try {
      host.sendto(fd, new Uint8Array([104, 105]), '192.168.0.3', 6000);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(NetError);
    expect((caught as NetError).errno).toBe(118);
  });

  it('AP mode: the board is 192.168.4.1 and a PC that joins gets 192.168.4.2', async () => {
    const { board, clock, air, network } = world();
    const pc = network.addHost({ name: 'pc', profile: 'linux' });
    air.joinWhenAvailable(pc, 'mpython-ap', '12345678');
    const r = await runOnHarness(
      CONNECT +
        'w.enable_APWiFi("mpython-ap", "12345678")\nprint(w.ap.ifconfig())\nprint(w.ap.config("essid"), w.ap.isconnected())',
      board,
      clock,
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toBe("('192.168.4.1', '255.255.255.0', '192.168.4.1', '0.0.0.0')\nmpython-ap True\n");
    expect(pc.addresses()).toEqual(['192.168.4.2']);
    const r2 = await runOnHarness('from mpython import *\nwifi().disable_APWiFi()', board, clock);
    expect(r2.stdout).toBe('disable AP WiFi...\n');
    expect(pc.addresses()).toEqual([]);
  });

  it('a second board can join the first board’s AP', async () => {
    const { board, clock, air, network } = world();
    await runOnHarness(CONNECT + 'w.enable_APWiFi("mpython-ap", "12345678")', board, clock);
    const other = new BoardDevice({ host: network.addHost({ name: 'board2', profile: 'lwip' }), air, clock });
    const r = await runOnHarness(CONNECT + 'w.connectWiFi("mpython-ap", "12345678")', other, clock);
    expect(r.stdout).toContain(
      "WiFi(mpython-ap,-30dBm) Connection Successful, Config:('192.168.4.2', '255.255.255.0', '192.168.4.1', '192.168.4.1')",
    );
  });

  it('network.WLAN keeps one object per interface and checks its arguments', async () => {
    const { board, clock } = world();
    const r = await runOnHarness(
      'import network\nsta = network.WLAN(network.STA_IF)\nprint(sta is network.WLAN(0), sta.active(), sta.isconnected())\n' +
        'try:\n    sta.scan()\nexcept OSError as e:\n    print(e)\n' +
        'sta.active(True)\nprint([n[0] for n in sta.scan()])\n' +
        'try:\n    network.WLAN(2)\nexcept ValueError as e:\n    print(e)\n',
      board,
      clock,
    );
    expect(r.stdout).toBe(
      "True False False\nSTA must be active\n[b'ssid']\ninvalid WLAN interface identifier\n",
    );
  });
});

describe('mpython globals', () => {
  it('from mpython import * brings the board API and the replaced print', async () => {
    const { board, clock } = world();
    const names = [
      'sleep',
      'sleep_ms',
      'sleep_us',
      'oled',
      'display',
      'wifi',
      'rgb',
      'light',
      'sound',
      'button_a',
      'button_b',
      'touchpad_p',
      'accelerometer',
      'MPythonPin',
      'PinMode',
      'TextMode',
      'numberMap',
      'Pin',
      'ADC',
      'PWM',
      'I2C',
      'time',
      'math',
      'network',
      'machine',
    ];
    const r = await runOnHarness(
      `from mpython import *\nprint([n for n in ${JSON.stringify(names)} if n not in globals()])`,
      board,
      clock,
    );
    expect(r.stdout).toBe('[]\n');
  });

  it('print adds a space before a leading Chinese character; print() needs an argument', async () => {
    const { board, clock } = world();
    const r = await runOnHarness(
      'from mpython import *\nprint("你好", 1)\nprint("a你")\nprint(3, sep="-")\nprint()',
      board,
      clock,
    );
    expect(r.stdout).toBe(' 你好 1\na你\n3\n');
    expect(r.exception).toBe('TypeError');
  });

  it('sensors read an idle board', async () => {
    const { board, clock } = world();
    const r = await runOnHarness(
      'from mpython import *\nprint(button_a.value(), button_b.is_pressed(), light.read(), accelerometer.get_z(), numberMap(5, 0, 10, 0, 100))',
      board,
      clock,
    );
    expect(r.stdout).toBe('1 False 1200 -1.0 50.0\n');
  });
});

describe('mpython.oled on the board framebuffer', () => {
  it('DispChar returns (width, (x, y)) and nothing shows before show()', async () => {
    const { board, clock } = world();
    const r = await runOnHarness(
      'from mpython import *\nprint(oled.DispChar("Hi", 0, 0))\nv = oled.pixel(0, 2)',
      board,
      clock,
    );
    expect(r.error).toBeNull();
    expect(r.stdout).toMatch(/^\(\d+, \(\d+, 0\)\)\n$/);
    expect(toAscii(board.oled.snapshot())).not.toContain('#');
    await runOnHarness('from mpython import *\noled.DispChar("Hi", 0, 0)\noled.show()', board, clock);
    expect(toAscii(board.oled.snapshot(), { width: 20, height: 16 })).toContain('#');
  });

  it('importing mpython clears the screen', async () => {
    const { board, clock } = world();
    board.oled.show(new Uint8Array(1024).fill(0xff));
    await runOnHarness('import mpython', board, clock);
    expect(toAscii(board.oled.snapshot())).not.toContain('#');
  });

  it('shapes, invert and poweroff reach the panel', async () => {
    const { board, clock } = world();
    await runOnHarness('from mpython import *\noled.rect(0, 0, 4, 3, 1)\noled.show()', board, clock);
    expect(toAscii(board.oled.snapshot(), { width: 5, height: 4 })).toBe('####.\n#..#.\n####.\n.....');
    await runOnHarness('from mpython import *\noled.invert(1)', board, clock);
    expect(board.oled.snapshot().inverted).toBe(true);
    await runOnHarness('from mpython import *\noled.poweroff()', board, clock);
    expect(board.oled.snapshot().on).toBe(false);
  });

  it('framebuf calls take integers only', async () => {
    const { board, clock } = world();
    const r = await runOnHarness('from mpython import *\noled.pixel(1.5, 2, 1)', board, clock);
    expect(r.error).toBe("TypeError: can't convert float to int");
  });
});
