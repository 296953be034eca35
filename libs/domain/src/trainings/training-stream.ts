/** Every offering of a course in a fiscal year is one stream: `training-<offeringId>`. */
export const TRAINING_STREAM_CATEGORY = 'training';

export function trainingStreamId(offeringId: string): string {
  return `${TRAINING_STREAM_CATEGORY}-${offeringId}`;
}
