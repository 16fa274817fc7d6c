// Who may talk to a batt service: TLS (a server certificate, optionally client certificates
// checked against a CA) and a shared token sent as `authorization: Bearer <token>` on every call.
// One set of settings per process, used on both sides: a service serves with them and (the
// orchestrator, `batt run`) calls the services it uses with them.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

import * as grpc from '@grpc/grpc-js';

import { ConfigError } from './config.js';

export interface TlsSettings {
  /** PEM certificate chain and key: the server's when serving, the client's when a server asks. */
  cert?: Buffer;
  key?: Buffer;
  /** PEM CA bundle: checks the servers this process calls, and (verifyClients) its clients. */
  ca?: Buffer;
  /** Serving: require a client certificate signed by `ca`. */
  verifyClients: boolean;
}

export interface Security {
  tls?: TlsSettings;
  token?: string;
}

/** The flags (parseArgs options) every command that serves or calls a service accepts. */
export const SECURITY_OPTIONS = {
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'tls-ca': { type: 'string' },
  'tls-verify-clients': { type: 'boolean' },
  token: { type: 'string' },
} as const;

export const SECURITY_ENV = {
  'tls-cert': 'BATT_TLS_CERT',
  'tls-key': 'BATT_TLS_KEY',
  'tls-ca': 'BATT_TLS_CA',
  'tls-verify-clients': 'BATT_TLS_VERIFY_CLIENTS',
  token: 'BATT_TOKEN',
} as const;

export const SECURITY_USAGE = [
  '  --tls-cert FILE      PEM certificate (chain): served with, and shown to servers that ask [BATT_TLS_CERT]',
  '  --tls-key FILE       its PEM private key [BATT_TLS_KEY]',
  '  --tls-ca FILE        PEM CA that the services called must be signed by (TLS to them) [BATT_TLS_CA]',
  '  --tls-verify-clients serving: also require client certificates signed by --tls-ca [BATT_TLS_VERIFY_CLIENTS=1]',
  '  --token T            shared secret sent and required on every call (prefer the env) [BATT_TOKEN]',
];

export type SecurityFlags = { [K in keyof typeof SECURITY_OPTIONS]?: (typeof SECURITY_OPTIONS)[K]['type'] extends 'boolean' ? boolean : string };

/** The health service stays open: Kubernetes' gRPC probes send no metadata, and it tells only SERVING or not. */
export const OPEN_PREFIX = '/grpc.health.v1.Health/';

function pem(flag: keyof typeof SECURITY_ENV, path: string | undefined): Buffer | undefined {
  if (path === undefined || path === '') return undefined;
  try {
    return readFileSync(path);
  } catch (e) {
    throw new ConfigError(`--${flag} (${SECURITY_ENV[flag]}): cannot read '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** Security settings from flags, else the environment; a bad combination is one clear error. */
export function securityFrom(flags: SecurityFlags, env: NodeJS.ProcessEnv = process.env): Security {
  const str = (k: 'tls-cert' | 'tls-key' | 'tls-ca' | 'token') => flags[k] ?? env[SECURITY_ENV[k]];
  const verifyRaw = env[SECURITY_ENV['tls-verify-clients']];
  if (verifyRaw !== undefined && !['', '0', '1', 'true', 'false'].includes(verifyRaw)) throw new ConfigError(`BATT_TLS_VERIFY_CLIENTS must be 1 or 0, got '${verifyRaw}'`);
  const verifyClients = flags['tls-verify-clients'] ?? (verifyRaw === '1' || verifyRaw === 'true');
  const cert = pem('tls-cert', str('tls-cert'));
  const key = pem('tls-key', str('tls-key'));
  const ca = pem('tls-ca', str('tls-ca'));
  if (Boolean(cert) !== Boolean(key)) throw new ConfigError('--tls-cert and --tls-key go together (BATT_TLS_CERT, BATT_TLS_KEY)');
  if (verifyClients && !ca) throw new ConfigError('--tls-verify-clients needs --tls-ca, the CA client certificates must be signed by');
  const token = str('token');
  // A metadata value must be visible ASCII; a token with spaces or newlines would never match.
  if (token !== undefined && token !== '' && !/^[\x21-\x7e]+$/.test(token)) throw new ConfigError('--token (BATT_TOKEN) must be visible ASCII characters without spaces');
  return {
    ...(cert || ca ? { tls: { cert, key, ca, verifyClients } } : {}),
    ...(token ? { token } : {}),
  };
}

/** The credentials a server binds with: TLS when this process has a certificate. */
export function serverCredentials(s: Security = {}): grpc.ServerCredentials {
  const t = s.tls;
  if (t?.verifyClients && !t.cert) throw new ConfigError('--tls-verify-clients needs a server certificate (--tls-cert, --tls-key)');
  if (!t?.cert || !t.key) return grpc.ServerCredentials.createInsecure();
  return grpc.ServerCredentials.createSsl(t.verifyClients ? t.ca! : null, [{ cert_chain: t.cert, private_key: t.key }], t.verifyClients);
}

/** Whether `host` only accepts connections from this machine. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * A server interceptor that answers UNAVAILABLE once the server is closing (on every
 * connection, old ones included) and UNAUTHENTICATED without the token; health stays open.
 */
export function gate(o: { token?: string; closing: () => boolean; name: string }): grpc.ServerInterceptor {
  const want = o.token !== undefined ? digest(`Bearer ${o.token}`) : undefined;
  return (method, call) =>
    new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMetadata: (md, mdNext) => {
            if (method.path.startsWith(OPEN_PREFIX)) return mdNext(md);
            if (o.closing()) return call.sendStatus({ code: grpc.status.UNAVAILABLE, details: `${o.name} is shutting down; retry on another replica` });
            if (want) {
              const got = md.get('authorization')[0];
              // Equal-length digests: the comparison takes the same time whatever was sent.
              if (typeof got !== 'string' || !timingSafeEqual(digest(got), want)) return call.sendStatus({ code: grpc.status.UNAUTHENTICATED, details: `${o.name}: missing or wrong token (set --token or BATT_TOKEN)` });
            }
            mdNext(md);
          },
        }),
    });
}

/** What a client needs to call a service under `s`: channel credentials and the token interceptor. */
export function clientSecurity(s: Security = {}): { credentials: grpc.ChannelCredentials; interceptors: grpc.Interceptor[] } {
  const t = s.tls;
  const credentials = t ? grpc.credentials.createSsl(t.ca ?? null, t.key ?? null, t.cert ?? null) : grpc.credentials.createInsecure();
  const header = s.token !== undefined ? `Bearer ${s.token}` : undefined;
  const interceptors: grpc.Interceptor[] = header
    ? [
        (options, nextCall) =>
          new grpc.InterceptingCall(nextCall(options), {
            start: (md, listener, next) => {
              md.set('authorization', header);
              next(md, listener);
            },
          }),
      ]
    : [];
  return { credentials, interceptors };
}
