import path from 'node:path';
import type { Config } from '../../config/schema.ts';

/** The three client roles of design §6; they must never share a key. */
export const KEY_ROLES = ['write', 'read', 'signing'] as const;
export type KeyRole = (typeof KEY_ROLES)[number];

export interface KeyPaths {
  write: string;
  read: string;
  signing: string;
  /** `principal namespaces="git,galley-sync" <signing public key>`: what verifies deploy commits and sync requests. */
  allowedSigners: string;
  /** The pinned host key(s) of the deploy server; ssh runs with StrictHostKeyChecking=yes. */
  knownHosts: string;
  /** The embedded server's private host key (development only). */
  hostKey: string;
}

/** Environment variables that override a configured path, for real deployments (CI, cluster). */
export const KEY_PATH_ENV: Record<keyof KeyPaths, string> = {
  write: 'GALLEY_WRITE_KEY',
  read: 'GALLEY_READ_KEY',
  signing: 'GALLEY_SIGNING_KEY',
  allowedSigners: 'GALLEY_ALLOWED_SIGNERS',
  knownHosts: 'GALLEY_KNOWN_HOSTS',
  hostKey: 'GALLEY_HOST_KEY',
};

const DEFAULT_NAMES: Record<keyof KeyPaths, string> = {
  write: 'write_ed25519',
  read: 'read_ed25519',
  signing: 'signing_ed25519',
  allowedSigners: 'allowed_signers',
  knownHosts: 'known_hosts',
  hostKey: 'host_ed25519',
};

/** Absolute key paths: environment first, then `publish.keys` in the config, then the key dir. */
export function resolveKeyPaths(root: string, keys: Config['publish']['keys'], env: NodeJS.ProcessEnv): KeyPaths {
  const dir = path.resolve(root, keys.dir);
  const pick = (name: keyof KeyPaths): string => {
    const fromEnv = env[KEY_PATH_ENV[name]];
    if (fromEnv) return path.resolve(root, fromEnv);
    const configured = keys[name];
    return configured ? path.resolve(root, configured) : path.join(dir, DEFAULT_NAMES[name]);
  };
  return {
    write: pick('write'),
    read: pick('read'),
    signing: pick('signing'),
    allowedSigners: pick('allowedSigners'),
    knownHosts: pick('knownHosts'),
    hostKey: pick('hostKey'),
  };
}
