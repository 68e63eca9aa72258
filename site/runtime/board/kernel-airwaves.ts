// The radio around the simulated boards: which Wi-Fi access points are on the air (routers from the
// scenario, boards in AP mode) and which PCs join them. Pure: netsim hosts and LANs, no DOM, no Node.

import { formatIpv4, parseCidr } from '../netsim/index.ts';
import type { Host, Network } from '../netsim/index.ts';

/** A LAN as a DHCP lease describes it. */
export interface LanInfo {
  readonly cidr: string;
  readonly netmask: string;
  readonly gateway: string;
  readonly dns: string;
}

/** ESP-IDF's authmode numbers, as `WLAN.scan()` reports them. */
export const AUTH_OPEN = 0;
export const AUTH_WPA2_PSK = 3;
export const AUTH_WPA_WPA2_PSK = 4;

/** Defaults of an access point, set in this one place. */
export const AP_DEFAULTS = Object.freeze({
  /** Signal strength a scan reports, dBm. */
  rssi: -45,
  channel: 6,
  /** Association + DHCP: how long until a station has its address, ms (3 dots of connectWiFi). */
  connectMs: 1250,
});

/** A Wi-Fi network on the air. */
export interface AccessPoint {
  readonly ssid: string;
  /** '' = open. */
  readonly password: string;
  /** The netsim LAN its stations join. */
  readonly lan: string;
  readonly rssi: number;
  readonly channel: number;
  readonly authmode: number;
  readonly hidden: boolean;
  /** BSSID as 12 hex digits. */
  readonly bssid: string;
  readonly connectMs: number;
  /** What a DHCP lease from it says: netmask, gateway, DNS. */
  readonly netmask: string;
  readonly gateway: string;
  readonly dns: string;
  /** Name of the board whose AP this is; undefined for a router. */
  readonly owner?: string;
}

/** What `addAccessPoint` needs; the rest is derived from the LAN and the defaults. */
export interface AccessPointSpec {
  ssid: string;
  password?: string;
  lan: string;
  rssi?: number;
  channel?: number;
  connectMs?: number;
  dns?: string;
  authmode?: number;
  hidden?: boolean;
  owner?: string;
  /** Fixed BSSID (12 hex digits). Default: derived from the SSID. */
  bssid?: string;
}

/** A 6-byte MAC (12 hex digits) derived from a name, Espressif's OUI 24:0a:c4 first. */
export function macFor(name: string, salt = 0): string {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  return '240ac4' + (h & 0xffffff).toString(16).padStart(6, '0');
}

/** Adds 1 to the last byte of a MAC (the ESP32's AP MAC is its STA MAC + 1). */
export function nextMac(mac: string): string {
  const last = (parseInt(mac.slice(10), 16) + 1) & 0xff;
  return mac.slice(0, 10) + last.toString(16).padStart(2, '0');
}

interface PendingJoin {
  readonly host: Host;
  readonly ssid: string;
  readonly password: string;
  joinedLan: string | null;
  ip: string | null;
}

/**
 * Every access point in one simulated world, plus PCs that want to join one as soon as it exists
 * (a laptop that joins the board's AP). Boards use it through `WifiDevice`.
 */
export class Airwaves {
  readonly network: Network;
  #aps = new Map<string, AccessPoint>();
  #lans = new Map<string, LanInfo>();
  #listeners = new Set<() => void>();
  #joins: PendingJoin[] = [];

  constructor(network: Network) {
    this.network = network;
  }

  /**
   * Creates a netsim LAN (unless it exists) and remembers what a DHCP lease on it says.
   * @param dns DNS server the lease names. Default: the gateway (network + 1).
   */
  addLan(name: string, cidr: string, dns?: string): LanInfo {
    const subnet = parseCidr(cidr);
    if (subnet === null)
      throw new Error(`BOARD_ERR_BAD_CIDR: "${cidr}" is not a subnet such as 192.168.0.0/24`);
    if (!this.network.lans().includes(name)) this.network.addLan(name, cidr);
    const gateway = formatIpv4(subnet.network + 1);
    const info: LanInfo = Object.freeze({
      cidr,
      netmask: formatIpv4(subnet.mask),
      gateway,
      dns: dns ?? gateway,
    });
    this.#lans.set(name, info);
    return info;
  }

  /** What addLan recorded for a LAN, if it did. */
  lan(name: string): LanInfo | undefined {
    return this.#lans.get(name);
  }

  /** Puts an access point on the air. Throws if the SSID is taken or the LAN is unknown. */
  addAccessPoint(spec: AccessPointSpec): AccessPoint {
    if (this.#aps.has(spec.ssid))
      throw new Error(
        `BOARD_ERR_SSID_TAKEN: an access point called "${spec.ssid}" is on the air already; pick another SSID`,
      );
    const ap = this.#describe(spec);
    this.#aps.set(ap.ssid, ap);
    this.#changed();
    return ap;
  }

  /** Takes an access point off the air; its stations lose the LAN. */
  removeAccessPoint(ssid: string): void {
    if (!this.#aps.delete(ssid)) return;
    this.#changed();
  }

  /** The access point with that SSID, if on the air. */
  find(ssid: string): AccessPoint | undefined {
    return this.#aps.get(ssid);
  }

  /** Everything on the air, strongest first (the order a scan lists). */
  accessPoints(): AccessPoint[] {
    return [...this.#aps.values()].sort((a, b) => b.rssi - a.rssi);
  }

  /** Called after every change of the air (an AP appears, disappears, is renamed). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * A PC / 虚谷号 that joins `ssid` whenever it is on the air with that password (DHCP address,
   * lowest free from .2), and leaves when it goes. Returns a function that stops it.
   */
  joinWhenAvailable(host: Host, ssid: string, password = ''): () => void {
    const join: PendingJoin = { host, ssid, password, joinedLan: null, ip: null };
    this.#joins.push(join);
    this.#settle(join);
    return () => {
      this.#joins = this.#joins.filter((j) => j !== join);
      this.#leave(join);
    };
  }

  /** Hosts currently joined to the LAN of `ssid` through joinWhenAvailable. */
  stationsOf(ssid: string): string[] {
    return this.#joins.filter((j) => j.joinedLan !== null && j.ssid === ssid).map((j) => j.host.name);
  }

  #describe(spec: AccessPointSpec): AccessPoint {
    const iface = this.#lanInfo(spec.lan);
    const password = spec.password ?? '';
    return Object.freeze({
      ssid: spec.ssid,
      password,
      lan: spec.lan,
      rssi: spec.rssi ?? AP_DEFAULTS.rssi,
      channel: spec.channel ?? AP_DEFAULTS.channel,
      authmode: spec.authmode ?? (password === '' ? AUTH_OPEN : AUTH_WPA_WPA2_PSK),
      hidden: spec.hidden ?? false,
      bssid: spec.bssid ?? macFor(spec.ssid, 0x5a5a),
      connectMs: spec.connectMs ?? AP_DEFAULTS.connectMs,
      netmask: iface.netmask,
      gateway: iface.gateway,
      dns: spec.dns ?? iface.dns,
      ...(spec.owner !== undefined ? { owner: spec.owner } : {}),
    });
  }

  #lanInfo(lan: string): LanInfo {
    const info = this.#lans.get(lan);
    if (info === undefined) {
      throw new Error(
        `BOARD_ERR_UNKNOWN_LAN: an access point needs LAN "${lan}", which was not added with Airwaves.addLan; add it first`,
      );
    }
    return info;
  }

  #changed(): void {
    for (const join of this.#joins) this.#settle(join);
    for (const listener of this.#listeners) listener();
  }

  #settle(join: PendingJoin): void {
    const ap = this.#aps.get(join.ssid);
    const usable = ap !== undefined && (ap.password === '' || ap.password === join.password);
    if (join.joinedLan !== null && (!usable || ap?.lan !== join.joinedLan)) this.#leave(join);
    if (usable && join.joinedLan === null && ap !== undefined) {
      join.ip = join.host.attach(ap.lan);
      join.joinedLan = ap.lan;
    }
  }

  #leave(join: PendingJoin): void {
    if (join.joinedLan === null) return;
    if (join.host.interfaces().some((i) => i.lan === join.joinedLan)) join.host.detach(join.joinedLan);
    join.joinedLan = null;
    join.ip = null;
  }
}
