// A throwaway CA and certificates for loopback TLS tests, made with openssl in a temp dir.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { tmp } from './services.js';

export interface Pki {
  dir: string;
  ca: string;
  /** Server-and-client certificate for 127.0.0.1/localhost, signed by `ca`, and its key. */
  cert: string;
  key: string;
  /** A certificate signed by another CA (must be refused), and its key. */
  rogueCert: string;
  rogueKey: string;
}

function openssl(dir: string, ...args: string[]): void {
  try {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new Error(`openssl ${args[0]} failed (the TLS tests need openssl on PATH): ${(e as Error).message}`);
  }
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string): void {
  openssl(dir, 'req', '-x509', ...EC, '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '2', '-subj', `/CN=${name}`);
}

function makeLeaf(dir: string, ca: string, name: string): void {
  openssl(dir, 'req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=localhost');
  openssl(dir, 'x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', 'ext.cnf');
}

export function makePki(): Pki {
  const dir = tmp();
  writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n');
  makeCa(dir, 'ca');
  makeCa(dir, 'rogue-ca');
  makeLeaf(dir, 'ca', 'leaf');
  makeLeaf(dir, 'rogue-ca', 'rogue');
  const p = (f: string) => join(dir, f);
  return { dir, ca: p('ca.pem'), cert: p('leaf.pem'), key: p('leaf.key'), rogueCert: p('rogue.pem'), rogueKey: p('rogue.key') };
}
