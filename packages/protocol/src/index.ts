// Public surface of @porthole/protocol: the contract's schemas, types and error codes.
export * from './errors.js';
export * from './http.js';
export * from './http-admin.js';
export * from './http-discovery.js';
export * from './agent-wire.js';
export * from './key-id.js';
export * from './jws.js';
