// Checkpoints are signed tree heads (size, root, time) of the audit log (Art. 35). This module fixes
// the exact bytes signed, so anyone can check a signature with standard tools (openssl for Ed25519),
// and keeps the development signing key under the data directory.
import { existsSync } from 'node:fs';
import { readOrCreateKeyFile } from '../crypto/keyFile';
import { z } from 'zod';
import { CRYPTO_SUITES, cryptoSuite, type CryptoSuite, type CryptoSuiteName } from '../crypto/suite';

/** The first line of every signed checkpoint: names the log and the format. */
export const CHECKPOINT_FORMAT = 'gov-data-sharing audit log checkpoint v1';

export interface CheckpointBody {
  treeSize: number;
  /** Lower-case hex MTH of the first treeSize leaves. */
  rootHash: string;
  /** When it was signed: `YYYY-MM-DDTHH:mm:ss.SSS+08:00`. */
  time: string;
  suite: CryptoSuiteName;
  keyId: string;
}

/**
 * The signed bytes: the UTF-8 encoding of these six lines, each ending in one "\n" (no "\r", no
 * trailing blank line):
 *
 *     gov-data-sharing audit log checkpoint v1
 *     size <decimal tree size>
 *     root <lower-case hex root>
 *     time <YYYY-MM-DDTHH:mm:ss.SSS+08:00>
 *     suite <standard|guomi>
 *     key <key id>
 */
export function signedText(c: CheckpointBody): string {
  return [CHECKPOINT_FORMAT, `size ${c.treeSize}`, `root ${c.rootHash}`, `time ${c.time}`, `suite ${c.suite}`, `key ${c.keyId}`].map((l) => `${l}\n`).join('');
}

/** A key's id: the first 16 hex digits of the suite's hash of the public key as published (PEM text for Ed25519). */
export const keyIdOf = (suite: CryptoSuite, publicKey: string): string => suite.hashHex(publicKey).slice(0, 16);

/** True when the signature is the key's over signedText(c) and the key is the one c names. */
export function checkpointSignatureValid(c: CheckpointBody & { signature: string }, publicKey: string): boolean {
  let suite: CryptoSuite;
  try {
    suite = cryptoSuite(c.suite);
  } catch {
    return false;
  }
  return keyIdOf(suite, publicKey) === c.keyId && suite.verify(signedText(c), c.signature, publicKey);
}

export interface CheckpointSigner {
  suite: CryptoSuite;
  keyId: string;
  publicKey: string;
  sign(text: string): string;
}

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

const KeyFile = z.object({ suite: z.enum(CRYPTO_SUITES), publicKey: z.string().min(1), privateKey: z.string().min(1), createdAt: z.string() });

function signerOf(suite: CryptoSuite, publicKey: string, privateKey: string): CheckpointSigner {
  const probe = `${CHECKPOINT_FORMAT} key check`;
  if (!suite.verify(probe, suite.sign(probe, privateKey), publicKey)) throw new SigningKeyError('the audit signing key file holds a public key that does not match its private key');
  return { suite, keyId: keyIdOf(suite, publicKey), publicKey, sign: (text) => suite.sign(text, privateKey) };
}

/**
 * The checkpoint signing key from `file` (JSON: suite, publicKey, privateKey, createdAt). A missing
 * file is generated when `create` is set (development: mode 0600, under DATA_DIR), else an error.
 * The private key never leaves this process; the API publishes the public key.
 */
export async function loadSigningKey(file: string, suite: CryptoSuite, { create }: { create: boolean }): Promise<CheckpointSigner> {
  if (!create && !existsSync(file)) throw new SigningKeyError(`the audit signing key file ${file} does not exist (AUDIT_SIGNING_KEY_FILE)`);
  const text = readOrCreateKeyFile(file, () =>
    JSON.stringify({ suite: suite.name, ...suite.generateKeyPair(), createdAt: new Date().toISOString() }, null, 2),
  );
  let parsed: z.infer<typeof KeyFile>;
  try {
    parsed = KeyFile.parse(JSON.parse(text));
  } catch {
    throw new SigningKeyError(`the audit signing key file ${file} is not a key file of this service`);
  }
  if (parsed.suite !== suite.name) {
    throw new SigningKeyError(`the audit signing key file ${file} holds a ${parsed.suite} key, but the crypto suite is ${suite.name}`);
  }
  return signerOf(suite, parsed.publicKey, parsed.privateKey);
}
