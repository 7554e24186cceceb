/** The package's public entry (package.json main → lib/client.js): the typed client in ./client/. */
export * from './client/index';
