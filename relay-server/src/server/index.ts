// Public entry of the HTTP/WebSocket side: `createRelay()` puts the relay core (../relay/) behind one
// server that also serves the course's static files, the dashboard and TLS.
export * from './server.ts';
export * from './static-files.ts';
export * from './admin.ts';
export * from './cert-store.ts';
export * from './exercise-catalog.ts';
