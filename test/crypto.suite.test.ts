import { describe, expect, it } from 'vitest';
import { guomiSuite } from '../crypto/guomi';
import { cryptoSuite, standardSuite, type CryptoSuite } from '../crypto/suite';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('crypto suite: hash vectors', () => {
  it.each([
    // GB/T 32905-2016 Appendix A, examples 1 and 2.
    ['abc', '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'],
    ['abcd'.repeat(16), 'debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732'],
  ])('when SM3 hashes %j, then it gives the GB/T 32905 digest', (input, digest) => {
    expect(guomiSuite.hashHex(input)).toBe(digest);
    expect(hex(guomiSuite.hash(new TextEncoder().encode(input)))).toBe(digest);
  });

  it.each([
    // FIPS 180-2 examples.
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('when SHA-256 hashes %j, then it gives the FIPS 180 digest', (input, digest) => {
    expect(standardSuite.hashHex(input)).toBe(digest);
    expect(hex(standardSuite.hash(Buffer.from(input)))).toBe(digest);
  });

  it('when a string is hashed, then it is taken as its UTF-8 bytes', () => {
    for (const s of [standardSuite, guomiSuite]) expect(s.hashHex('国密')).toBe(s.hashHex(Buffer.from('国密', 'utf8')));
  });
});

describe('crypto suite: choice by name', () => {
  it('when a suite is asked for, then its algorithms are the named ones, standard by default', () => {
    expect(cryptoSuite()).toBe(standardSuite);
    expect(cryptoSuite('guomi')).toBe(guomiSuite);
    expect(guomiSuite).toMatchObject({ name: 'guomi', hashAlgorithm: 'sm3', signatureAlgorithm: 'sm2' });
    expect(standardSuite).toMatchObject({ name: 'standard', hashAlgorithm: 'sha256', signatureAlgorithm: 'ed25519' });
  });

  it('when a suite name is unknown, then it throws', () => {
    expect(() => cryptoSuite('rot13' as never)).toThrow('rot13');
  });
});

const flipByte = (b64: string, i: number): string => {
  const b = Buffer.from(b64, 'base64');
  b[i] = (b[i] ?? 0) ^ 0x01;
  return b.toString('base64');
};

describe.each<[string, CryptoSuite]>([
  ['standard', standardSuite],
  ['guomi', guomiSuite],
])('crypto suite %s: signatures', (_, suite) => {
  const keys = suite.generateKeyPair();
  const other = suite.generateKeyPair();
  const msg = '{"event":"decision","case":"c-1","at":"2026-01-05T09:00:00+08:00"}';
  const sig = suite.sign(msg, keys.privateKey);

  it('when a message is signed, then the signature verifies with the public key, as string or bytes', () => {
    expect(suite.verify(msg, sig, keys.publicKey)).toBe(true);
    expect(suite.verify(Buffer.from(msg), suite.sign(Buffer.from(msg), keys.privateKey), keys.publicKey)).toBe(true);
    expect(suite.verify('', suite.sign('', keys.privateKey), keys.publicKey)).toBe(true);
  });

  it('when the message, the signature or the key differs, then it does not verify', () => {
    expect(suite.verify(`${msg} `, sig, keys.publicKey)).toBe(false);
    expect(suite.verify(msg.replace('c-1', 'c-2'), sig, keys.publicKey)).toBe(false);
    for (const i of [0, 5, 20, Buffer.from(sig, 'base64').length - 1]) {
      expect(suite.verify(msg, flipByte(sig, i), keys.publicKey)).toBe(false);
    }
    expect(suite.verify(msg, sig, other.publicKey)).toBe(false);
    expect(suite.verify(msg, suite.sign(msg, other.privateKey), keys.publicKey)).toBe(false);
  });

  it('when the signature or the key is garbage, then verify says false and never throws', () => {
    const sigs = ['', '!!!', 'AAAA', Buffer.alloc(64).toString('base64'), Buffer.alloc(72, 0xff).toString('base64'), 'A'.repeat(100_000)];
    const pubs = ['', 'garbage', `04${'00'.repeat(64)}`, `04${'ff'.repeat(64)}`, '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'];
    for (const s of sigs) expect(suite.verify(msg, s, keys.publicKey)).toBe(false);
    for (const p of pubs) expect(suite.verify(msg, sig, p)).toBe(false);
  });

  it("when the other suite's key or signature is given, then it does not verify", () => {
    const alien = suite === guomiSuite ? standardSuite : guomiSuite;
    const alienKeys = alien.generateKeyPair();
    expect(suite.verify(msg, alien.sign(msg, alienKeys.privateKey), keys.publicKey)).toBe(false);
    expect(suite.verify(msg, sig, alienKeys.publicKey)).toBe(false);
  });
});
