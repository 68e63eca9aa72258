#!/usr/bin/env node
// @ts-check
// The `udp-lab` command's launcher, and relay-server/'s one hand-written JavaScript file: npm's
// `bin` must be a file Node runs as it is. It registers tsx's loader (TypeScript in Node 20, as for
// every part of the command), then hands over to src/cli/cli.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/cli.ts');
