import type { SecretResolver } from './secret-resolver.ts';

/** `env:NAME`: the environment variable `NAME` (the `.env` file included); unset or empty fails. */
export const envSecretResolver: SecretResolver = {
  scheme: 'env',
  resolve(name, { env }) {
    const value = env[name];
    if (value === undefined || value === '') {
      return Promise.reject(
        new Error(
          `the environment variable ${name} is ${value === undefined ? 'not set' : 'empty'}; set it, or add it to the .env file`,
        ),
      );
    }
    return Promise.resolve(value);
  },
};
