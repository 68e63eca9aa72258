// Public entry of the relay protocol: what the page, the relay and the benchmarks share — the wire
// codec, the error codes and errno numbers, the denial flags and the class report's checks. Runs in
// the browser and in Node (no Node import here or below).
export * from './codec.ts';
export * from './errors.ts';
export * from './errno-table.ts';
export * from './denial-flags.ts';
export * from './class-report.ts';
export * from './traffic-view.ts';
