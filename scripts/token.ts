// Prints a bearer token of the embedded development issuer for a demo user:
//   npm run --silent token -- 110000-market-regulation-head
// Works whether or not the service is running (the key is a file under DATA_DIR, created if absent).
import { ConfigError, loadConfig } from '../config';
import { demoUsers } from '../identity/demoUsers';
import { devIssuer, UnknownDemoUser } from '../identity/devIssuer';

const userId = process.argv[2];
try {
  const config = loadConfig();
  if (!userId) throw new UnknownDemoUser('usage: npm run --silent token -- <userId>   e.g. 110000-market-regulation-head, 110000-government-official, admin');
  if (!config.auth.devIssuerKeyFile) throw new ConfigError('the development issuer is off (AUTH_ISSUER is set or NODE_ENV is not development): get tokens from your identity provider');
  const issuer = await devIssuer(config.auth.devIssuerKeyFile);
  process.stdout.write(`${await issuer.issue(userId)}\n`);
} catch (err) {
  if (!(err instanceof UnknownDemoUser || err instanceof ConfigError)) throw err;
  const known = userId && !demoUsers().has(userId) ? ` (demo users: <departmentId>-head, <departmentId>-staff, <code>-government-official, admin; GET /dev/users lists them)` : '';
  process.stderr.write(`${err.message}${known}\n`);
  process.exit(2);
}
