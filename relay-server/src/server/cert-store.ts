// The certificate of `udp-lab serve --lan`: self-signed for this computer's addresses, created at
// first start, kept in a per-user folder and reused while it still covers the addresses.
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isIP } from 'node:net';
import { generate } from 'selfsigned';

/** Where the certificate is kept unless UDP_LAB_TLS_DIR says otherwise. */
export const DEFAULT_TLS_DIR = path.join(os.homedir(), '.udp-lab', 'tls');
/** How long a new certificate is valid. */
export const CERT_VALID_DAYS = 365;
/** A certificate that expires sooner than this is replaced. */
export const CERT_RENEW_DAYS = 7;

const DAY_MS = 86_400_000;

export type StoredCertificate = {
  cert: string;
  key: string;
  fingerprint256: string;
  certFile: string;
  keyFile: string;
  created: boolean;
  names: string[];
};

/**
 * Returns the kept certificate if it covers every name and is valid for CERT_RENEW_DAYS more days,
 * else creates one (EC P-256) for `names` and keeps it (folder 700, files 600).
 * @param options `names`: IP addresses and host names.
 */
export async function ensureCertificate({
  dir = DEFAULT_TLS_DIR,
  names,
  now = new Date(),
}: {
  dir?: string;
  names: string[];
  now?: Date;
}): Promise<StoredCertificate> {
  const wanted = [...new Set(names.map((n) => n.replace(/^\[|\]$/g, '').toLowerCase()).filter(Boolean))];
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    const key = readFileSync(keyFile, 'utf8');
    try {
      const x = new X509Certificate(cert);
      if (covers(x, wanted) && new Date(x.validTo).getTime() - now.getTime() > CERT_RENEW_DAYS * DAY_MS)
        return {
          cert,
          key,
          fingerprint256: x.fingerprint256,
          certFile,
          keyFile,
          created: false,
          names: wanted,
        };
    } catch {
      // Unreadable: replaced below.
    }
  }
  const pems = await generate([{ name: 'commonName', value: 'UDP Lab classroom relay' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - DAY_MS),
    notAfterDate: new Date(now.getTime() + CERT_VALID_DAYS * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: wanted.map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n })),
      },
    ],
  });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyFile, pems.private, { mode: 0o600 });
  writeFileSync(certFile, pems.cert, { mode: 0o600 });
  // The mode given to writeFileSync applies to new files only.
  chmodSync(keyFile, 0o600);
  chmodSync(certFile, 0o600);
  const x = new X509Certificate(pems.cert);
  return {
    cert: pems.cert,
    key: pems.private,
    fingerprint256: x.fingerprint256,
    certFile,
    keyFile,
    created: true,
    names: wanted,
  };
}

/**
 * Reads a certificate and key the school provides.
 * @throws naming the file that cannot be read or is not a PEM certificate.
 */
export function readCertificate(certFile: string, keyFile: string): StoredCertificate {
  const cert = readFileSync(certFile, 'utf8');
  const key = readFileSync(keyFile, 'utf8');
  let x;
  try {
    x = new X509Certificate(cert);
  } catch {
    throw new Error(`${certFile} is not a PEM certificate`);
  }
  return { cert, key, fingerprint256: x.fingerprint256, certFile, keyFile, created: false, names: [] };
}

/** Whether the certificate names every one of `names`. */
function covers(x: X509Certificate, names: string[]) {
  return names.every((n) => (isIP(n) ? x.checkIP(n) !== undefined : x.checkHost(n) !== undefined));
}
