// Public surface of @porthole/runtime: config reading, logging and shutdown shared by the apps.
export * from './env.js';
export * from './log.js';
export * from './shutdown.js';
export * from './policy-file.js';
