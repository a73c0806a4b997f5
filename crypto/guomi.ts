// SM3 hashes (GB/T 32905-2016) and SM2 signatures (GB/T 32918.2-2016), the 国密 suite 密评 asks of
// government systems. sm-crypto-v2 is pure TypeScript over @noble/curves: no native build.
//
// Formats, so GmSSL or OpenSSL 3 can check what we sign:
// - private key: 64 hex digits (d); public key: 130 hex digits, uncompressed 04||x||y.
// - signature: base64 of DER SEQUENCE { r INTEGER, s INTEGER } (GM/T 0009-2012 SM2Signature),
//   over e = SM3(Z_A || M), Z_A with the default ID below. Check one with OpenSSL 3 (3.0 must be
//   given the ID, or the check fails):
//     openssl pkeyutl -verify -rawin -digest sm3 -pkeyopt distid:1234567812345678 \
//       -pubin -inkey pub.pem -in msg -sigfile sig.der
//   pub.pem from sm2PublicKeyPem, sig.der the signature base64-decoded. GmSSL 3 assumes the ID:
//     gmssl sm2verify -pubkey pub.pem -in msg -sig sig.der
import { sm2, sm3 } from 'sm-crypto-v2';
import type { CryptoSuite } from './suite';

/** The default user ID of GM/T 0009-2012 (ENTL 128 bits), for GB/T 32918.2 signing when none is agreed. */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

/** Order n of the SM2 curve (GB/T 32918.5). */
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

const bytes = (d: Uint8Array | string): Uint8Array =>
  typeof d === 'string' ? new TextEncoder().encode(d) : d;

const sm3Hex = (d: Uint8Array | string): string => sm3(bytes(d));

/** DER of a non-negative INTEGER: minimal big-endian, a 00 first when the top bit is set. */
function derInteger(v: bigint): Buffer {
  let hex = v.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  if (parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  const body = Buffer.from(hex, 'hex');
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
}

function rsToDer(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** r and s of a DER signature, only if it is the one canonical encoding (no malleable variants). */
function derToRs(der: Buffer): [bigint, bigint] | undefined {
  const ints: bigint[] = [];
  let i = 2;
  for (let k = 0; k < 2; k++) {
    const len = der[i + 1];
    if (der[i] !== 0x02 || len === undefined || len === 0 || i + 2 + len > der.length) return undefined;
    ints.push(BigInt(`0x${der.subarray(i + 2, i + 2 + len).toString('hex')}`));
    i += 2 + len;
  }
  const [r, s] = ints as [bigint, bigint];
  return rsToDer(r, s).equals(der) ? [r, s] : undefined;
}

const inRange = (v: bigint, max: bigint): boolean => v >= 1n && v <= max;

export const guomiSuite: CryptoSuite = {
  name: 'guomi',
  hashAlgorithm: 'sm3',
  signatureAlgorithm: 'sm2',
  hash: (d) => new Uint8Array(Buffer.from(sm3Hex(d), 'hex')),
  hashHex: sm3Hex,
  generateKeyPair() {
    // Never pass a seed: in 1.15.1 generateKeyPairHex(seed) gives d = 1 whatever the seed.
    const { publicKey, privateKey } = sm2.generateKeyPairHex();
    return { publicKey, privateKey };
  },
  sign(d, privateKey) {
    // GB/T 32918.1 §6.1: d in [1, n-2]; a bad key is our own mistake, so it throws.
    if (!/^[0-9a-f]{64}$/i.test(privateKey) || !inRange(BigInt(`0x${privateKey}`), N - 2n)) {
      throw new Error('SM2 private key must be 64 hex digits in [1, n-2]');
    }
    const rs = sm2.doSignature(bytes(d), privateKey, { hash: true, userId: SM2_DEFAULT_USER_ID });
    return rsToDer(BigInt(`0x${rs.slice(0, 64)}`), BigInt(`0x${rs.slice(64)}`)).toString('base64');
  },
  verify(d, signature, publicKey) {
    try {
      if (!/^04[0-9a-f]{128}$/i.test(publicKey)) return false;
      const der = Buffer.from(signature, 'base64');
      if (der.toString('base64') !== signature) return false;
      const rs = derToRs(der);
      // GB/T 32918.2 §7.1 B1–B2: r, s in [1, n-1].
      if (!rs || !inRange(rs[0], N - 1n) || !inRange(rs[1], N - 1n)) return false;
      const hex = rs.map((v) => v.toString(16).padStart(64, '0')).join('');
      return sm2.doVerifySignature(bytes(d), hex, publicKey.toLowerCase(), { hash: true, userId: SM2_DEFAULT_USER_ID });
    } catch {
      return false;
    }
  },
};

/** The public key as SubjectPublicKeyInfo PEM (id-ecPublicKey, curve sm2p256v1), for GmSSL/OpenSSL. */
export function sm2PublicKeyPem(publicKey: string): string {
  if (!/^04[0-9a-f]{128}$/i.test(publicKey)) throw new Error('SM2 public key must be 04||x||y in hex');
  const prefix = '3059301306072a8648ce3d020106082a811ccf5501822d034200';
  const b64 = Buffer.from(prefix + publicKey, 'hex').toString('base64');
  return `-----BEGIN PUBLIC KEY-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
}
