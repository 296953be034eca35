import type { CommandMetadata } from '#platform';
import type { RequestContext } from '../audit-log/audit-access-log.ts';

/** A request's commands share its request id as their correlation id. */
export function commandMetadataOf(context: RequestContext): CommandMetadata {
  return { correlationId: context.requestId, requestId: context.requestId };
}
