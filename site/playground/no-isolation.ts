// Why Python cannot run when the page is not cross-origin isolated: opened over plain http from
// another computer (not a secure context, which isolation needs), or something else.

/** The key of the message that says why, for a page that is not cross-origin isolated. */
export function noIsolationKey(): 'playground.insecureContext' | 'playground.noIsolation' {
  return globalThis.isSecureContext === false ? 'playground.insecureContext' : 'playground.noIsolation';
}
