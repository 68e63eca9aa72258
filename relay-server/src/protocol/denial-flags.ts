// Which of the relay's flags would allow what a rule refused: told to the learner's page (the packet
// list), the relay's log and the dashboard. Shared with the browser (no Node types).

/** Rule (the `reason` of a denial or refusal) → the flag that lifts it. Rules absent here have none. */
export const DENIAL_FLAGS = Object.freeze({
  loopback: '--allow-loopback',
  broadcast: '--allow-broadcast',
  'low-port': '--allow-low-ports',
  'relay-host': '--allow-self',
  'outside-subnet': '--allow <cidr>',
  'link-local': '--allow <cidr inside 169.254.0.0/16>',
  multicast: '--allow <cidr inside 224.0.0.0/4>',
  source: '--allow <cidr>',
});

/**
 * The flag that would allow what `reason` refused, or null (0.0.0.0/8, 240.0.0.0/4, IPv6, a name
 * instead of an address, a datagram that is not a reply to an implicitly bound socket).
 */
export function allowedBy(reason: string): string | null {
  return Object.hasOwn(DENIAL_FLAGS, reason) ? DENIAL_FLAGS[reason as keyof typeof DENIAL_FLAGS] : null;
}
