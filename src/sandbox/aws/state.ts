/** Aws sandbox state. Placeholder: the Aws service fills this in. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AwsState {}

export function createAwsState(): AwsState {
  return {};
}
