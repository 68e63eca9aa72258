// One board's two Wi-Fi interfaces (ESP32 STA and AP, MicroPython v1.12's `network.WLAN`) and the
// syscall handlers behind site/runtime/python/shims/network.py. Joining = attaching to a netsim LAN.

import type { Host } from '../netsim/index.ts';
import type { BoardRaise, HandlerTable } from '../python/index.ts';
import type { Clock } from '../python/index.ts';
import {
  AP_DEFAULTS,
  AUTH_OPEN,
  AUTH_WPA_WPA2_PSK,
  macFor,
  nextMac,
  type AccessPoint,
  type Airwaves,
} from './kernel-airwaves.ts';

/** `network.STAT_*` of the ESP32 port. */
export const STAT = Object.freeze({
  IDLE: 1000,
  CONNECTING: 1001,
  GOT_IP: 1010,
  BEACON_TIMEOUT: 200,
  NO_AP_FOUND: 201,
  WRONG_PASSWORD: 202,
});

/** The board's own network in AP mode, as the ESP32's soft-AP sets it up. */
export const SOFT_AP = Object.freeze({ cidr: '192.168.4.0/24', ip: '192.168.4.1', netmask: '255.255.255.0' });

/** The op connectWiFi blocks in between its dots. */
export const WIFI_WAIT_OP = 'wifi.wait';

/** The ops network.py calls, and mpython's `wifi.wait`. */
type WifiOp =
  `wifi.${'active' | 'scan' | 'connect' | 'disconnect' | 'isconnected' | 'status' | 'ifconfig' | 'config' | 'wait'}`;

const STA_IF = 0;
const AP_IF = 1;
const ZERO_CONFIG = ['0.0.0.0', '0.0.0.0', '0.0.0.0', '0.0.0.0'] as const;
const DHCP_HOSTNAME = 'espressif';

/** A firmware error as `_boardcall.call` raises it in Python. */
function raise(type: 'OSError' | 'ValueError', arg: string | number): BoardRaise {
  return { raise: [type, arg] };
}

/** Options of {@link WifiDevice}. */
export interface WifiDeviceOptions {
  /** The board's netsim host (profile 'lwip'). */
  host: Host;
  air: Airwaves;
  /** Timers for association (the network's clock). */
  clock: Clock;
  /** DHCP reservation: the address routers hand this board when it lies in their subnet. */
  reservedIp?: string;
}

/** Station + soft-AP state of one board; every change is a netsim attach/detach. */
export class WifiDevice {
  readonly host: Host;
  readonly air: Airwaves;
  readonly staMac: string;
  readonly apMac: string;
  #clock: Clock;
  #reservedIp: string | undefined;
  #listeners = new Set<() => void>();

  #staActive = false;
  #staStatus: number = STAT.IDLE;
  #staTarget: { ssid: string; password: string } | null = null;
  #staAp: AccessPoint | null = null;
  #staLan: string | null = null;
  #staConfig: readonly string[] = ZERO_CONFIG;
  #staStatic: readonly string[] | null = null;
  #staTimer: number | null = null;
  #hostname = DHCP_HOSTNAME;

  #apActive = false;
  #apEssid: string;
  #apPassword = '';
  #apChannel = 1;
  #apAuthmode = AUTH_OPEN;
  #apHidden = false;
  #apLan: string;

  #unsubscribe: () => void;

  constructor(options: WifiDeviceOptions) {
    this.host = options.host;
    this.air = options.air;
    this.#clock = options.clock;
    this.#reservedIp = options.reservedIp;
    this.staMac = macFor(this.host.name);
    this.apMac = nextMac(this.staMac);
    this.#apEssid = 'ESP_' + this.apMac.slice(6).toUpperCase();
    this.#apLan = `${this.host.name}-ap`;
    this.#unsubscribe = this.air.onChange(() => this.#checkAssociation());
  }

  /** True once the station has an address. */
  get connected(): boolean {
    return this.#staStatus === STAT.GOT_IP;
  }

  /** The station's (ip, netmask, gateway, dns). */
  get staConfig(): readonly string[] {
    return this.#staConfig;
  }

  get apActive(): boolean {
    return this.#apActive;
  }

  /** Calls `listener` after every change of either interface; returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Leaves every network and stops listening to the air. */
  dispose(): void {
    this.#staDown(STAT.IDLE);
    this.#apDown();
    this.#unsubscribe();
  }

  /** The handlers for site/runtime/python/shims/network.py, and `wifi.wait` for mpython's connectWiFi. */
  handlers(): HandlerTable<WifiOp> {
    return {
      'wifi.active': (_ctx, args) => this.#active(args.iface, args.value),
      'wifi.scan': () => this.#scan(),
      'wifi.connect': (_ctx, args) => this.#connect(args),
      'wifi.disconnect': (_ctx, args) => {
        if (args.iface === STA_IF) this.#staDown(STAT.IDLE);
        return null;
      },
      'wifi.isconnected': (_ctx, args) =>
        args.iface === STA_IF ? this.connected : this.#apActive && this.#apStations().length > 0,
      'wifi.status': (_ctx, args) => this.#status(args.iface, args.param),
      'wifi.ifconfig': (_ctx, args) => this.#ifconfig(args.iface, args.config),
      'wifi.config': (_ctx, args) =>
        args.get !== undefined
          ? this.#configGet(args.iface, args.get)
          : this.#configSet(args.iface, args.set ?? {}),
      // connectWiFi's 500 ms pause between dots. A blocking call of its own (not time.sleep) so
      // that the runner can tell "still joining Wi-Fi" (blockedOn === WIFI_WAIT_OP) from "ready".
      [WIFI_WAIT_OP]: async (ctx, args) => {
        await ctx.sleep(Math.max(0, Number(args.ms) || 0));
        return null;
      },
    };
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }

  #active(iface: number, value: boolean | undefined): boolean | null {
    if (iface === STA_IF) {
      if (value === undefined) return this.#staActive;
      if (!value) this.#staDown(STAT.IDLE);
      this.#staActive = value;
    } else {
      if (value === undefined) return this.#apActive;
      if (value && !this.#apActive) this.#apUp();
      if (!value) this.#apDown();
    }
    this.#emit();
    return null;
  }

  #scan(): unknown[][] | BoardRaise {
    if (!this.#staActive) return raise('OSError', 'STA must be active');
    return this.air
      .accessPoints()
      .filter((ap) => ap.owner !== this.host.name && !ap.hidden)
      .map((ap) => [ap.ssid, ap.bssid, ap.channel, ap.rssi, ap.authmode, ap.hidden]);
  }

  #connect(args: { ssid?: string; password?: string }): null | BoardRaise {
    if (!this.#staActive) return raise('OSError', 'Wifi Invalid Mode');
    if (args.ssid !== undefined) this.#staTarget = { ssid: args.ssid, password: args.password ?? '' };
    if (this.#staTarget === null) return raise('OSError', 'Wifi SSID Invalid');
    this.#staDown(STAT.CONNECTING);
    const ap = this.air.find(this.#staTarget.ssid);
    const delay = ap?.connectMs ?? AP_DEFAULTS.connectMs;
    this.#staTimer = this.#clock.setTimer(this.#clock.now() + delay, () => {
      this.#staTimer = null;
      this.#associate();
    });
    this.#emit();
    return null;
  }

  /** The end of association: an address from the AP's DHCP, or the reason there is none. */
  #associate(): void {
    const target = this.#staTarget;
    if (target === null || !this.#staActive) return;
    const ap = this.air.find(target.ssid);
    if (ap === undefined || ap.owner === this.host.name) {
      this.#staStatus = STAT.NO_AP_FOUND;
    } else if (ap.password !== '' && ap.password !== target.password) {
      this.#staStatus = STAT.WRONG_PASSWORD;
    } else {
      const wanted = this.#staStatic?.[0] ?? this.#reservedIp;
      let ip: string;
      try {
        ip = this.host.attach(ap.lan, wanted);
      } catch {
        ip = this.host.attach(ap.lan);
      }
      this.#staAp = ap;
      this.#staLan = ap.lan;
      this.#staStatus = STAT.GOT_IP;
      this.#staConfig =
        this.#staStatic !== null ? [ip, ...this.#staStatic.slice(1)] : [ip, ap.netmask, ap.gateway, ap.dns];
    }
    this.#emit();
  }

  /** An AP vanished or changed: a station on it loses its link (beacon timeout). */
  #checkAssociation(): void {
    const ap = this.#staAp;
    if (ap === null) return;
    const now = this.air.find(ap.ssid);
    if (
      now === undefined ||
      now.lan !== ap.lan ||
      (now.password !== '' && now.password !== this.#staTarget?.password)
    ) {
      this.#staDown(STAT.BEACON_TIMEOUT);
      this.#emit();
    }
  }

  #staDown(status: number): void {
    if (this.#staTimer !== null) {
      this.#clock.clearTimer(this.#staTimer);
      this.#staTimer = null;
    }
    if (this.#staLan !== null && this.host.interfaces().some((i) => i.lan === this.#staLan))
      this.host.detach(this.#staLan);
    this.#staLan = null;
    this.#staAp = null;
    this.#staConfig = ZERO_CONFIG;
    this.#staStatus = status;
  }

  #apUp(): void {
    if (!this.air.lan(this.#apLan)) this.air.addLan(this.#apLan, SOFT_AP.cidr, SOFT_AP.ip);
    this.host.attach(this.#apLan, SOFT_AP.ip);
    this.#apActive = true;
    this.#announce();
  }

  #apDown(): void {
    if (!this.#apActive) return;
    this.air.removeAccessPoint(this.#apEssid);
    if (this.host.interfaces().some((i) => i.lan === this.#apLan)) this.host.detach(this.#apLan);
    this.#apActive = false;
  }

  /** (Re)puts the soft-AP on the air under its current settings. */
  #announce(): void {
    for (const ap of this.air.accessPoints())
      if (ap.owner === this.host.name) this.air.removeAccessPoint(ap.ssid);
    if (!this.#apActive) return;
    this.air.addAccessPoint({
      ssid: this.#apEssid,
      password: this.#apAuthmode === AUTH_OPEN ? '' : this.#apPassword,
      lan: this.#apLan,
      channel: this.#apChannel,
      authmode: this.#apAuthmode,
      hidden: this.#apHidden,
      rssi: -30,
      bssid: this.apMac,
      owner: this.host.name,
    });
  }

  #apStations(): string[] {
    return this.air.network
      .hosts()
      .filter((h) => h !== this.host && h.interfaces().some((i) => i.lan === this.#apLan))
      .map((h) => h.name);
  }

  #status(iface: number, param: string | undefined): unknown {
    if (param === undefined) return iface === STA_IF ? this.#staStatus : null;
    if (param === 'rssi') {
      if (iface !== STA_IF) return raise('OSError', 'STA required');
      return this.#staAp !== null ? this.#staAp.rssi : raise('OSError', 'Wifi Not Connected');
    }
    if (param === 'stations') {
      if (iface !== AP_IF) return raise('OSError', 'AP required');
      return this.#apStations().map((name) => [macFor(name)]);
    }
    return raise('ValueError', 'unknown status param');
  }

  #ifconfig(iface: number, config: string[] | undefined): unknown {
    if (iface === AP_IF) {
      if (config !== undefined) return null;
      const dns = this.connected ? (this.#staConfig[3] as string) : '0.0.0.0';
      return this.#apActive ? [SOFT_AP.ip, SOFT_AP.netmask, SOFT_AP.ip, dns] : [...ZERO_CONFIG];
    }
    if (config === undefined) return [...this.#staConfig];
    this.#staStatic = config;
    if (this.#staLan !== null) {
      const lan = this.#staLan;
      this.host.detach(lan);
      try {
        this.host.attach(lan, config[0]);
      } catch (err) {
        this.host.attach(lan);
        return raise('OSError', (err as Error).message);
      }
      this.#staConfig = config;
    }
    this.#emit();
    return null;
  }

  #configGet(iface: number, key: string): unknown {
    const sta = iface === STA_IF;
    switch (key) {
      case 'mac':
        return sta ? this.staMac : this.apMac;
      case 'essid':
        return sta ? (this.#staAp?.ssid ?? '') : this.#apEssid;
      case 'channel':
        return sta ? (this.#staAp?.channel ?? 0) : this.#apChannel;
      case 'hidden':
        return sta ? false : this.#apHidden;
      case 'authmode':
        return sta ? (this.#staAp?.authmode ?? AUTH_OPEN) : this.#apAuthmode;
      case 'dhcp_hostname':
        return this.#hostname;
      default:
        return raise('ValueError', 'unknown config param');
    }
  }

  #configSet(iface: number, settings: Record<string, string | number | boolean>): unknown {
    for (const [key, value] of Object.entries(settings)) {
      if (key === 'dhcp_hostname') {
        this.#hostname = String(value);
      } else if (iface === AP_IF && key === 'essid') {
        this.#apEssid = String(value);
      } else if (iface === AP_IF && key === 'password') {
        this.#apPassword = String(value);
      } else if (iface === AP_IF && key === 'channel') {
        this.#apChannel = Number(value);
      } else if (iface === AP_IF && key === 'authmode') {
        this.#apAuthmode = Number(value);
      } else if (iface === AP_IF && key === 'hidden') {
        this.#apHidden = Boolean(value);
      } else {
        return raise('ValueError', 'unknown config param');
      }
    }
    if (iface === AP_IF && this.#apAuthmode !== AUTH_OPEN && this.#apPassword === '')
      this.#apAuthmode = AUTH_OPEN;
    if (
      iface === AP_IF &&
      this.#apAuthmode === AUTH_OPEN &&
      this.#apPassword !== '' &&
      settings.authmode === undefined
    ) {
      this.#apAuthmode = AUTH_WPA_WPA2_PSK;
    }
    if (iface === AP_IF) this.#announce();
    this.#emit();
    return null;
  }
}
