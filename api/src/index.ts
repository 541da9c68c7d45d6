// Public surface of @porthole/api for embedding (the demo and tests); main.ts is the process.
export { createApi, createApp, MAX_BODY_BYTES } from './app.js';
export { createAuthenticator } from './auth/credentials.js';
export { API_ENV_VARIABLES, loadConfig, type Config } from './config.js';
export type { AppDeps } from './context.js';
export { createSigner, generateSigningKey, type Signer } from './signing.js';
export { parseKeyList } from './auth/static-keys.js';
