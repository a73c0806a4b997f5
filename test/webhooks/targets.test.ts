// The SSRF guard (activities/webhooks/targets.ts): which targets a webhook may have, at registration
// and at delivery, including names that resolve to private addresses and a name that changes its
// answer between the check and the connection (DNS rebinding).
import { describe, expect, it } from 'vitest';
import { BlockList } from 'node:net';
import { allowList, checkTarget, isNetwork, refusedAddress, systemResolve, TargetRefused, type Resolve, type TargetPolicy } from '../../activities/webhooks/targets';
import { sendWebhook } from '../../activities/webhooks/send';
import { selfSignedCertificate, startReceiver } from '../helpers/webhooks';

const none = new BlockList();

/** A resolver for made-up names (the real one for everything else). */
const names = (table: Record<string, string[]>): Resolve => async (host) =>
  table[host] ? table[host].map((address) => ({ address, family: address.includes(':') ? 6 : 4 })) : systemResolve(host);

const policy = (o: Partial<TargetPolicy> = {}): TargetPolicy => ({
  allowed: none,
  allowHttp: false,
  resolve: names({
    'public.example': ['93.184.215.14'],
    'intranet.example': ['10.20.30.40'],
    'mixed.example': ['93.184.215.14', '192.168.1.10'],
    'metadata.example': ['169.254.169.254'],
    'v6-loopback.example': ['::1'],
    'mapped.example': ['::ffff:127.0.0.1'],
  }),
  ...o,
});

async function refusal(url: string, p = policy()): Promise<{ reason: string; message: string } | 'accepted'> {
  try {
    await checkTarget(url, p);
    return 'accepted';
  } catch (err) {
    if (err instanceof TargetRefused) return { reason: err.reason, message: err.message };
    throw err;
  }
}

describe('addresses that are not the public internet', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['10.0.0.1', 'private (RFC 1918)'],
    ['172.16.5.4', 'private (RFC 1918)'],
    ['172.31.255.255', 'private (RFC 1918)'],
    ['192.168.0.1', 'private (RFC 1918)'],
    ['100.64.0.1', 'shared address space (CGNAT, RFC 6598)'],
    ['100.100.100.200', 'shared address space (CGNAT, RFC 6598)'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'unique local (IPv6)'],
    ['fd00:ec2::254', 'unique local (IPv6)'],
    ['224.0.0.251', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback (as 127.0.0.1)'],
    ['::ffff:7f00:1', 'loopback (as 127.0.0.1)'],
    ['::ffff:a9fe:a9fe', 'link-local (as 169.254.169.254)'],
    ['64:ff9b::a00:1', 'private (RFC 1918) (as 10.0.0.1)'],
    ['2002:c0a8:0101::1', 'private (RFC 1918) (as 192.168.1.1)'],
    ['::127.0.0.1', 'reserved'],
  ])('when the address is %s, then it is refused as %s', (address, why) => {
    expect(refusedAddress(address, none)).toBe(why);
  });

  it.each(['93.184.215.14', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '64:ff9b::5db8:d70e'])('when the address is public (%s), then it passes', (address) => {
    expect(refusedAddress(address, none)).toBeUndefined();
  });

  it('when the operator allow-lists a network, then its addresses pass, and the mapped IPv6 form of them too; others stay refused', () => {
    const allowed = allowList(['10.20.0.0/16', '::1']);
    expect(refusedAddress('10.20.30.40', allowed)).toBeUndefined();
    expect(refusedAddress('::ffff:10.20.30.40', allowed)).toBeUndefined();
    expect(refusedAddress('::1', allowed)).toBeUndefined();
    expect(refusedAddress('10.21.0.1', allowed)).toBe('private (RFC 1918)');
    expect(refusedAddress('127.0.0.1', allowed)).toBe('loopback');
  });

  it.each([
    ['10.0.0.0/8', true],
    ['fd00::/8', true],
    ['127.0.0.1', true],
    ['10.0.0.0/33', false],
    ['::/129', false],
    ['localhost', false],
    ['10.0.0.0/8/1', false],
    ['10.0.0.0/x', false],
  ])('when WEBHOOK_ALLOWED_NETWORKS holds %s, then it is %s', (n, ok) => {
    expect(isNetwork(n)).toBe(ok);
  });
});

describe('target URLs at registration', () => {
  it.each([
    ['https://127.0.0.1/hook', 'address'],
    ['https://[::1]/hook', 'address'],
    ['https://10.1.2.3/hook', 'address'],
    ['https://169.254.169.254/latest/meta-data/', 'address'],
    ['https://[::ffff:127.0.0.1]/hook', 'address'],
    ['https://[::ffff:169.254.169.254]/hook', 'address'],
    ['https://2130706433/hook', 'address'],
    ['https://0x7f.1/hook', 'address'],
    ['https://127.1/hook', 'address'],
    ['https://0/hook', 'address'],
    ['https://localhost/hook', 'address'],
    ['https://LOCALHOST./hook', 'address'],
    ['https://intranet.example/hook', 'address'],
    ['https://metadata.example/hook', 'address'],
    ['https://mixed.example/hook', 'address'],
    ['https://v6-loopback.example/hook', 'address'],
    ['https://mapped.example/hook', 'address'],
    ['https://does-not-exist.invalid/hook', 'unresolvable'],
    ['http://public.example/hook', 'scheme'],
    ['ftp://public.example/hook', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['/relative/hook', 'scheme'],
    ['https://user:secret@public.example/hook', 'credentials'],
    ['https://user@public.example/hook', 'credentials'],
    ['https://public.example/hook#fragment', 'fragment'],
  ])('when the URL is %s, then it is refused (%s)', async (url, reason) => {
    expect(await refusal(url)).toMatchObject({ reason });
  });

  it('when the URL is https to a public address, then it is accepted', async () => {
    expect(await refusal('https://public.example:8443/hooks?x=1')).toBe('accepted');
    expect(await refusal('https://93.184.215.14/hooks')).toBe('accepted');
  });

  it('when http is allowed (development) but the target is public, then http is still refused; to an allow-listed network it is accepted', async () => {
    const p = policy({ allowHttp: true, allowed: allowList(['10.20.30.40']) });
    expect(await refusal('http://public.example/hook', p)).toMatchObject({ reason: 'scheme' });
    expect(await refusal('http://intranet.example/hook', p)).toBe('accepted');
    expect(await refusal('http://10.20.30.41/hook', p)).toMatchObject({ reason: 'address' });
  });

  it('when a refusal names the address class, then it names the host and the class but no credential', async () => {
    const r = await refusal('https://metadata.example/latest');
    expect(r).toMatchObject({ reason: 'address' });
    expect((r as { message: string }).message).toContain('link-local');
  });
});

describe('at delivery (the guard at connect time)', () => {
  it('when a name resolved to a public address at registration resolves to loopback at delivery (DNS rebinding), then nothing is sent', async () => {
    const receiver = await startReceiver();
    try {
      let answers = 0;
      // First answer public (the registration's check), then the receiver's own loopback address.
      const rebinding: Resolve = async () => [{ address: answers++ === 0 ? '93.184.215.14' : '127.0.0.1', family: 4 }];
      const p = policy({ allowHttp: true, resolve: rebinding, allowed: none });
      const port = new URL(receiver.url).port;
      await expect(checkTarget(`https://rebind.example:${port}/hooks`, p)).resolves.toBeInstanceOf(URL);
      const r = await sendWebhook({ url: `https://rebind.example:${port}/hooks`, id: 'msg_1', body: '{}', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], policy: p, timeoutMs: 2_000 });
      expect(r).toMatchObject({ ok: false, errorClass: 'address_refused' });
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it('when the allow-list no longer holds the address (changed after registration), then the delivery is refused before connecting', async () => {
    const receiver = await startReceiver();
    try {
      const r = await sendWebhook({ url: receiver.url, id: 'msg_2', body: '{}', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], policy: policy({ allowHttp: true }), timeoutMs: 2_000 });
      expect(r).toMatchObject({ ok: false, errorClass: 'address_refused' });
      expect(receiver.received).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });

  it('when the receiver answers a redirect (to the metadata address), then it is not followed and the attempt fails as a redirect', async () => {
    const receiver = await startReceiver(() => 302);
    try {
      const r = await sendWebhook({ url: receiver.url, id: 'msg_3', body: '{}', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], policy: policy({ allowHttp: true, allowed: allowList(['127.0.0.1']) }), timeoutMs: 2_000 });
      expect(r).toMatchObject({ ok: false, statusCode: 302, errorClass: 'redirect' });
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('when the receiver never answers, then the attempt ends at its deadline as a timeout', async () => {
    const receiver = await startReceiver(() => 'hang');
    try {
      const started = Date.now();
      const r = await sendWebhook({ url: receiver.url, id: 'msg_4', body: '{}', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], policy: policy({ allowHttp: true, allowed: allowList(['127.0.0.1']) }), timeoutMs: 300 });
      expect(r).toMatchObject({ ok: false, errorClass: 'timeout' });
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await receiver.close();
    }
  });

  it('when nothing listens on the port, then the attempt fails as a connection error', async () => {
    const receiver = await startReceiver();
    const url = receiver.url;
    await receiver.close();
    const r = await sendWebhook({ url, id: 'msg_5', body: '{}', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], policy: policy({ allowHttp: true, allowed: allowList(['127.0.0.1']) }), timeoutMs: 2_000 });
    expect(r).toMatchObject({ ok: false, errorClass: 'connection' });
  });

  it('when the receiver speaks https, then the certificate is checked: a trusted one is delivered to, an untrusted one fails as tls and nothing is read', async () => {
    const certificate = selfSignedCertificate();
    const receiver = await startReceiver(() => 200, certificate);
    try {
      const p = policy({ allowed: allowList(['127.0.0.1']) });
      const send = (ca?: string) => sendWebhook({ url: receiver.url, id: 'msg_6', body: '{}', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'], policy: p, timeoutMs: 2_000, ...(ca ? { ca } : {}) });
      expect(await send(certificate.cert)).toMatchObject({ ok: true, statusCode: 200 });
      expect(await send()).toMatchObject({ ok: false, errorClass: 'tls' });
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});
