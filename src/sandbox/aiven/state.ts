/** Aiven sandbox state. Placeholder: the Aiven service fills this in. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AivenState {}

export function createAivenState(): AivenState {
  return {};
}
