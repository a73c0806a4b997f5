import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { guomiSuite, sm2PublicKeyPem } from '../crypto/guomi';

// GM/T 0003.5-2012 Annex A: the signature example on the SM2 recommended curve, ID 1234567812345678.
const VECTOR = {
  message: 'message digest',
  publicKey:
    '04' +
    '09f9df311e5421a150dd7d161e4bc5c672179fad1833fc076bb08ff356f35020' +
    'ccea490ce26775a52dc6ea718cc1aa600aed05fbf35e084a6632f6072da9ad13',
  r: 'f5a03b0648d2c4630eeac513e1bb81a15944da3827d5b74143ac7eaceee720b3',
  s: 'b1b6aa29df212fd8763182bc0d421ca1bb9038fd1f7f42d4840b69c485bbc1aa',
};
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

/** DER SEQUENCE of two INTEGERs from hex bodies, written out here rather than reusing the module's. */
const der = (rBody: string, sBody: string): string => {
  const int = (b: string) => `02${(b.length / 2).toString(16).padStart(2, '0')}${b}`;
  const body = int(rBody) + int(sBody);
  return Buffer.from(`30${(body.length / 2).toString(16).padStart(2, '0')}${body}`, 'hex').toString('base64');
};
const vectorSig = der(`00${VECTOR.r}`, `00${VECTOR.s}`);

describe('guomi suite: SM2 with SM3', () => {
  it('when the GM/T 0003.5 example signature is checked, then it verifies, and not for another message', () => {
    expect(guomiSuite.verify(VECTOR.message, vectorSig, VECTOR.publicKey)).toBe(true);
    expect(guomiSuite.verify(VECTOR.message, vectorSig, VECTOR.publicKey.toUpperCase())).toBe(true);
    expect(guomiSuite.verify('message digesT', vectorSig, VECTOR.publicKey)).toBe(false);
  });

  it('when the same signature is encoded otherwise (raw r||s, long length, padded integer, trailing byte, base64 spacing), then it is refused', () => {
    const hexSig = Buffer.from(vectorSig, 'base64').toString('hex');
    const variants = [
      Buffer.from(VECTOR.r + VECTOR.s, 'hex').toString('base64'),
      Buffer.from(`3081${hexSig.slice(2)}`, 'hex').toString('base64'),
      der(`0000${VECTOR.r}`, `00${VECTOR.s}`),
      Buffer.from(`${hexSig}00`, 'hex').toString('base64'),
      `${vectorSig.slice(0, 10)}\n${vectorSig.slice(10)}`,
    ];
    for (const v of variants) expect(guomiSuite.verify(VECTOR.message, v, VECTOR.publicKey)).toBe(false);
  });

  it('when r or s is outside [1, n-1], then it is refused (GB/T 32918.2 §7.1)', () => {
    const sPlusN = (BigInt(`0x${VECTOR.s}`) + N).toString(16).padStart(66, '0');
    expect(guomiSuite.verify(VECTOR.message, der(`00${VECTOR.r}`, sPlusN), VECTOR.publicKey)).toBe(false);
    expect(guomiSuite.verify(VECTOR.message, der('00', `00${VECTOR.s}`), VECTOR.publicKey)).toBe(false);
  });

  it('when keys are made, then they are hex: d of 64 digits, the public key 04||x||y', () => {
    const k = guomiSuite.generateKeyPair();
    expect(k.privateKey).toMatch(/^[0-9a-f]{64}$/);
    expect(k.publicKey).toMatch(/^04[0-9a-f]{128}$/);
    expect(guomiSuite.generateKeyPair().privateKey).not.toBe(k.privateKey);
  });

  it('when the same message is signed twice, then the signatures differ (a fresh k each time) and both verify', () => {
    const k = guomiSuite.generateKeyPair();
    const [a, b] = [guomiSuite.sign('m', k.privateKey), guomiSuite.sign('m', k.privateKey)];
    expect(a).not.toBe(b);
    expect(Buffer.from(a, 'base64')[0]).toBe(0x30);
    expect([guomiSuite.verify('m', a, k.publicKey), guomiSuite.verify('m', b, k.publicKey)]).toEqual([true, true]);
  });

  it.each(['', 'xyz', '0'.repeat(64), N.toString(16), (N - 1n).toString(16), 'f'.repeat(64), `${'0'.repeat(63)}1 `])(
    'when signing with the bad private key %j, then it throws',
    (d) => {
      expect(() => guomiSuite.sign('m', d)).toThrow('SM2 private key');
    },
  );

  it('when a public key is given as PEM, then it is SubjectPublicKeyInfo on the SM2 curve holding the same point', () => {
    const pem = sm2PublicKeyPem(VECTOR.publicKey);
    const spki = Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
    expect(spki.subarray(-65).toString('hex')).toBe(VECTOR.publicKey);
    expect(spki.toString('hex')).toContain('06082a811ccf5501822d'); // OID 1.2.156.10197.1.301, sm2p256v1
    expect(() => sm2PublicKeyPem('04')).toThrow();
  });
});

// OpenSSL 3 is the standard tool a 密评 reviewer would reach for; skipped where it lacks SM2.
const genpkey = spawnSync('openssl', ['genpkey', '-algorithm', 'SM2'], { encoding: 'utf8' });
const hasOpensslSm2 = genpkey.status === 0;

describe.skipIf(!hasOpensslSm2)('guomi suite: interoperability with OpenSSL 3', () => {
  const dir = mkdtempSync(join(tmpdir(), 'guomi-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, data: string | Buffer) => {
    writeFileSync(join(dir, name), data);
    return join(dir, name);
  };
  const pkeyutl = (...args: string[]) =>
    spawnSync('openssl', ['pkeyutl', '-rawin', '-digest', 'sm3', '-pkeyopt', 'distid:1234567812345678', ...args]);

  it('when we sign, then OpenSSL verifies the signature, and not for a changed message', () => {
    const k = guomiSuite.generateKeyPair();
    const msg = '{"event":"checkpoint","size":42}';
    const args = ['-verify', '-pubin', '-inkey', file('pub.pem', sm2PublicKeyPem(k.publicKey))];
    const sig = file('sig.der', Buffer.from(guomiSuite.sign(msg, k.privateKey), 'base64'));
    expect(pkeyutl(...args, '-in', file('msg', msg), '-sigfile', sig).status).toBe(0);
    expect(pkeyutl(...args, '-in', file('msg2', `${msg} `), '-sigfile', sig).status).not.toBe(0);
  });

  it('when OpenSSL signs, then we verify the signature', () => {
    const key = file('key.pem', genpkey.stdout);
    const spki = spawnSync('openssl', ['pkey', '-in', key, '-pubout', '-outform', 'DER']).stdout;
    const publicKey = Buffer.from(spki).subarray(-65).toString('hex');
    const out = join(dir, 'osig.der');
    expect(pkeyutl('-sign', '-inkey', key, '-in', file('omsg', 'abc'), '-out', out).status).toBe(0);
    const sig = readFileSync(out).toString('base64');
    expect(guomiSuite.verify('abc', sig, publicKey)).toBe(true);
    expect(guomiSuite.verify('abd', sig, publicKey)).toBe(false);
  });
});
