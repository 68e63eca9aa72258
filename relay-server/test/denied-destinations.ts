// Destinations that must never leave the relay, each with the reason the policy must give.
// The relay here has LAN 192.168.1.0/24, calls itself 192.168.1.10, serves the web on 4321 and holds UDP port 50012.

export const RELAY_HTTP_PORT = 4321;
export const HELD_PORT = 50_012;

/** Destinations that must never leave, each with the reason the policy must give. */
export const DENIED: Array<[string, number, string]> = [
  // loopback, in every spelling
  ['127.0.0.1', 5000, 'loopback'],
  ['127.1', 5000, 'loopback'],
  ['127.0.1', 5000, 'loopback'],
  ['2130706433', 5000, 'loopback'],
  ['0x7f000001', 5000, 'loopback'],
  ['0x7f.0.0.1', 5000, 'loopback'],
  ['0177.0.0.1', 5000, 'loopback'],
  ['017700000001', 5000, 'loopback'],
  ['127.000.000.001', 5000, 'loopback'],
  ['127.255.255.254', 5000, 'loopback'],
  ['::1', 5000, 'loopback'],
  ['0:0:0:0:0:0:0:1', 5000, 'loopback'],
  ['[::1]', 5000, 'loopback'],
  ['::ffff:127.0.0.1', 5000, 'loopback'],
  ['::ffff:7f00:1', 5000, 'loopback'],
  ['0:0:0:0:0:FFFF:7F00:0001', 5000, 'loopback'],
  ['::127.0.0.1', 5000, 'loopback'],
  ['::ffff:0:127.0.0.1', 5000, 'loopback'],
  ['64:ff9b::127.0.0.1', 5000, 'loopback'],
  ['2002:7f00:1::', 5000, 'loopback'],
  ['127.0.0.1', HELD_PORT, 'loopback'], // even the relay's own held port, via loopback
  // "this network"
  ['0.0.0.0', 5000, 'unspecified'],
  ['0', 5000, 'unspecified'],
  ['0.1.2.3', 5000, 'unspecified'],
  ['::', 5000, 'unspecified'],
  ['::ffff:0.0.0.0', 5000, 'unspecified'],
  // link-local, the cloud metadata address included
  ['169.254.169.254', 80, 'link-local'],
  ['169.254.169.254', 5000, 'link-local'],
  ['::ffff:169.254.169.254', 5000, 'link-local'],
  ['0xa9fea9fe', 5000, 'link-local'],
  ['fe80::1', 5000, 'link-local'],
  ['fe80::1%eth0', 5000, 'link-local'],
  // multicast
  ['224.0.0.1', 5000, 'multicast'],
  ['239.255.255.250', 1900, 'multicast'],
  ['::ffff:224.0.0.251', 5353, 'multicast'],
  ['ff02::1', 5000, 'multicast'],
  // broadcast, limited and directed
  ['255.255.255.255', 5000, 'broadcast'],
  ['0xffffffff', 5000, 'broadcast'],
  ['::ffff:255.255.255.255', 5000, 'broadcast'],
  ['192.168.1.255', 5000, 'broadcast'],
  // reserved
  ['240.0.0.1', 5000, 'reserved'],
  // outside the LAN subnet
  ['192.168.2.1', 5000, 'outside-subnet'],
  ['10.0.0.1', 5000, 'outside-subnet'],
  ['172.16.0.1', 5000, 'outside-subnet'],
  ['8.8.8.8', 53, 'outside-subnet'],
  ['::ffff:8.8.8.8', 5000, 'outside-subnet'],
  ['2001:db8::1', 5000, 'outside-subnet'],
  // the relay host itself, at ports it does not hold (its web server among them)
  ['192.168.1.10', RELAY_HTTP_PORT, 'relay-host'],
  ['::ffff:192.168.1.10', RELAY_HTTP_PORT, 'relay-host'],
  ['3232235786', 5000, 'relay-host'],
  // privileged ports
  ['192.168.1.20', 53, 'low-port'],
  ['192.168.1.20', 1023, 'low-port'],
  // not IP literals
  ['localhost', 5000, 'not-ip-literal'],
  ['relay.local', 5000, 'not-ip-literal'],
  ['127.0.0.1.', 5000, 'not-ip-literal'],
  ['1.2.3.4.5', 5000, 'not-ip-literal'],
  ['', 5000, 'not-ip-literal'],
  // bad ports
  ['192.168.1.20', 0, 'port'],
  ['192.168.1.20', 65536, 'port'],
];
