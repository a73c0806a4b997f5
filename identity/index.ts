// The token verification a configuration asks for: the identity provider's JWKS, or the embedded
// development issuer (whose key is kept under DATA_DIR).
import { ConfigError, type Config } from '../config';
import { devIssuer, devTokenVerifier, type DevIssuer } from './devIssuer';
import { tokenVerifier, type VerifyToken } from './verifier';

export async function identityFor(auth: Config['auth']): Promise<{ verifyToken: VerifyToken; devIssuer?: DevIssuer }> {
  const common = { maxTokenAgeSeconds: auth.maxTokenAgeSeconds, clockToleranceSeconds: auth.clockToleranceSeconds };
  if (auth.devIssuerKeyFile) {
    const issuer = await devIssuer(auth.devIssuerKeyFile);
    return { verifyToken: devTokenVerifier(issuer, common), devIssuer: issuer };
  }
  if (!auth.issuer || !auth.jwksUrl) {
    throw new ConfigError(
      'invalid configuration: AUTH_ISSUER and AUTH_JWKS_URL are required (the development issuer runs by itself only with the embedded defaults on a loopback HOST; AUTH_DEV_ISSUER=true asks for it in development)',
    );
  }
  return {
    verifyToken: tokenVerifier({ issuer: auth.issuer, audience: auth.audience, keys: new URL(auth.jwksUrl!), claims: auth.claims, algorithms: auth.algorithms, ...common }),
  };
}
