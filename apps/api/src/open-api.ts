import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { SESSION_COOKIE } from './auth/session-cookie.ts';
import { documentErrorResponses } from './open-api-errors.ts';

export const OPENAPI_PATH = 'docs';

/**
 * Swagger UI at /docs, the document at /docs-json; built lazily on the first request, every error a
 * route can answer documented in the one error schema (open-api-errors.ts).
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(OPENAPI_PATH, app, () => openApiDocument(app));
}

/** The api's OpenAPI document (also what `npm run console:api-types` generates the console's types from). */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Zaitaku API')
    .setDescription("Tokyo's home-care (在宅療養) subsidies and designations: commands in, queries out")
    .setVersion('0.1.0')
    // Every route but /health needs a token (README, "Access"); `npm run token` makes one in development.
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer')
    // The console's session (README, "Console"): the same JWT in an httpOnly cookie, writes with X-XSRF-TOKEN.
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, 'session')
    .addSecurityRequirements('session')
    .build();
  return documentErrorResponses(SwaggerModule.createDocument(app, config));
}
