/** Azure sandbox state. Placeholder: the Azure service fills this in. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AzureState {}

export function createAzureState(): AzureState {
  return {};
}
