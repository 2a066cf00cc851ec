/** Upcloud sandbox state. Placeholder: the Upcloud service fills this in. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface UpcloudState {}

export function createUpcloudState(): UpcloudState {
  return {};
}
