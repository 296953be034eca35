/**
 * `npm run --silent token -- --role caseworker --sub alice [--municipality 131016] [--institution X] [--ttl 8h]`
 * prints a Bearer token signed with JWT_SECRET (or, outside production, the development secret).
 * Only the token goes to stdout, so `TOKEN=$(npm run --silent token -- …)` works.
 */
import { parseArgs } from 'node:util';
import { ROLES, type Role } from '#domain';
import { ConfigError, loadConfig } from '#platform';
import { AuthenticationError, parseTtl, signAccessToken } from '../apps/api/src/auth/access-token.ts';

const USAGE =
  'usage: npm run --silent token -- --role <role> --sub <staff id> [--municipality <6-digit code>] ' +
  `[--institution <id>] [--ttl 8h]\nroles: ${ROLES.join(', ')}`;

async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        role: { type: 'string' },
        sub: { type: 'string' },
        municipality: { type: 'string' },
        institution: { type: 'string' },
        ttl: { type: 'string', default: '8h' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.role === undefined || values.sub === undefined) {
    console.error(`--role and --sub are required\n${USAGE}`);
    return 2;
  }
  const ttl = parseTtl(values.ttl);
  if (ttl === undefined || ttl === 0) {
    console.error(`--ttl ${JSON.stringify(values.ttl)}: expected a duration such as 90s, 30m, 8h or 1d`);
    return 2;
  }
  const { jwt } = loadConfig(process.env);
  if (jwt.isDevelopmentSecret) {
    console.error('warning: JWT_SECRET is not set: signed with the public DEVELOPMENT secret');
  }
  console.log(
    await signAccessToken(
      {
        sub: values.sub,
        role: values.role as Role,
        ...(values.municipality !== undefined && { municipalityCode: values.municipality }),
        ...(values.institution !== undefined && { institutionId: values.institution }),
      },
      jwt.secret,
      ttl,
    ),
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const expected = error instanceof AuthenticationError || error instanceof ConfigError;
    console.error(expected ? `error: ${(error as Error).message}` : error);
    process.exit(2);
  },
);
