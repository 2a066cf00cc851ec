/** Dragonfly sandbox state. Placeholder: the Dragonfly service fills this in. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DragonflyState {}

export function createDragonflyState(): DragonflyState {
  return {};
}
