// Public entry of the relay core (no HTTP): one learner's session and its UDP sockets, the policy of
// what may be reached, quotas, tokens, the class's results and traffic log, options and logging.
export * from './session.ts';
export * from './udp-bridge.ts';
export * from './policy.ts';
export * from './quotas.ts';
export * from './auth-backoff.ts';
export * from './port-mapper.ts';
export * from './tokens.ts';
export * from './traffic-log.ts';
export * from './class-results.ts';
export * from './host-names.ts';
export * from './ip-address.ts';
export * from './config.ts';
export * from './logger.ts';
