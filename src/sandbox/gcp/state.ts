/** Gcp sandbox state. Placeholder: the Gcp service fills this in. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface GcpState {}

export function createGcpState(): GcpState {
  return {};
}
