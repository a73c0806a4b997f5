// Hashes and signatures behind one small interface, so a deployment chooses its algorithms by
// configuration: SHA-256 with Ed25519 (standard), or SM3 with SM2 (国密, for 密评). Art. 35 asks
// departments to prevent tampering; the audit trail's chains, Merkle log and checkpoints use this.
import { createHash, generateKeyPairSync, sign as edSign, verify as edVerify } from 'node:crypto';
import { guomiSuite } from './guomi';

export const CRYPTO_SUITES = ['standard', 'guomi'] as const;
export type CryptoSuiteName = (typeof CRYPTO_SUITES)[number];

/** A key pair in the suite's own text encoding (PEM for Ed25519, hex for SM2). */
export interface SigningKeyPair {
  publicKey: string;
  privateKey: string;
}

export interface CryptoSuite {
  name: CryptoSuiteName;
  hashAlgorithm: 'sha256' | 'sm3';
  signatureAlgorithm: 'ed25519' | 'sm2';
  /** The digest of the bytes (a string is taken as UTF-8). */
  hash(data: Uint8Array | string): Uint8Array;
  /** Lower-case hex of hash(data). */
  hashHex(data: Uint8Array | string): string;
  generateKeyPair(): SigningKeyPair;
  /** A base64 signature of the bytes. */
  sign(data: Uint8Array | string, privateKey: string): string;
  verify(data: Uint8Array | string, signature: string, publicKey: string): boolean;
}

const bytes = (d: Uint8Array | string): Buffer => (typeof d === 'string' ? Buffer.from(d, 'utf8') : Buffer.from(d));

export const standardSuite: CryptoSuite = {
  name: 'standard',
  hashAlgorithm: 'sha256',
  signatureAlgorithm: 'ed25519',
  hash: (d) => new Uint8Array(createHash('sha256').update(bytes(d)).digest()),
  hashHex: (d) => createHash('sha256').update(bytes(d)).digest('hex'),
  generateKeyPair() {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    return {
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  },
  sign: (d, privateKey) => edSign(null, bytes(d), privateKey).toString('base64'),
  verify(d, signature, publicKey) {
    try {
      return edVerify(null, bytes(d), publicKey, Buffer.from(signature, 'base64'));
    } catch {
      return false;
    }
  },
};

const suites: Record<CryptoSuiteName, CryptoSuite> = { standard: standardSuite, guomi: guomiSuite };

/** The suite configured by CRYPTO_SUITE. */
export function cryptoSuite(name: CryptoSuiteName = 'standard'): CryptoSuite {
  const s = suites[name] as CryptoSuite | undefined;
  if (!s) throw new Error(`crypto suite ${name} is not available`);
  return s;
}
