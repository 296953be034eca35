/** Every application is one stream of the category `application`: `application-<applicationId>`. */
export const APPLICATION_STREAM_CATEGORY = 'application';

export function applicationStreamId(applicationId: string): string {
  return `${APPLICATION_STREAM_CATEGORY}-${applicationId}`;
}
