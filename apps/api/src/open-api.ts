import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { documentErrorResponses } from './open-api-errors.ts';

export const OPENAPI_PATH = 'docs';

/**
 * Swagger UI at /docs, the document at /docs-json; built lazily on the first request, every error a
 * route can answer documented in the one error schema (open-api-errors.ts).
 */
export function setupOpenApi(app: INestApplication): void {
  const document = new DocumentBuilder()
    .setTitle('Zaitaku API')
    .setDescription("Tokyo's home-care (在宅療養) subsidies and designations: commands in, queries out")
    .setVersion('0.1.0')
    // Every route but /health needs a token (README, "Access"); `npm run token` makes one in development.
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer')
    .build();
  SwaggerModule.setup(OPENAPI_PATH, app, () =>
    documentErrorResponses(SwaggerModule.createDocument(app, document)),
  );
}
