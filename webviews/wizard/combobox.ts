/**
 * Escape in a combobox (vscode-single-select / vscode-multi-select with
 * `combobox`) closes its list and drops the filter typed into it: the field
 * shows its value again, and the list shows every option the next time it
 * opens. So does picking an option of a single select. VS Code Elements 2.5
 * keeps the filter in both cases while the field has the focus, so the list
 * reopens filtered and the field shows the typed text; it has no public way
 * to clear the filter, so this resets the two pieces of its state that hold
 * it (and does nothing if a later version renames them).
 */

/** The parts of VS Code Elements' select base that hold the filter (not public API). */
interface SelectFilterState {
  _opts?: { filterPattern?: string; activeIndex?: number };
  _isBeingFiltered?: boolean;
  requestUpdate?: () => void;
  updateComplete?: Promise<unknown>;
}

const COMBOBOX = 'vscode-single-select[combobox], vscode-multi-select[combobox]';

/**
 * Drops the filter typed into `select` (true when there was one), and selects
 * the text the field then shows (the picked option's label) if the field has
 * the focus, as a fresh focus does: what the user types next starts a new
 * filter instead of going into the label.
 */
export function clearComboboxFilter(select: Element): boolean {
  const state = select as Element & SelectFilterState;
  const opts = state._opts;
  const filtered = !!opts && typeof opts.filterPattern === 'string' && opts.filterPattern !== '';
  if (filtered) {
    opts.filterPattern = '';
    if (typeof opts.activeIndex === 'number') opts.activeIndex = -1;
    if (typeof state._isBeingFiltered === 'boolean') state._isBeingFiltered = false;
    state.requestUpdate?.();
  }
  void (state.updateComplete ?? Promise.resolve()).then(() => {
    const input = select.shadowRoot?.querySelector<HTMLInputElement>('input.combobox-input');
    if (input && select.shadowRoot?.activeElement === input) input.select();
  });
  return filtered;
}

/**
 * Clears a combobox's filter on Escape (before the select closes its list) and
 * once a single select's pick is made, anywhere in `doc`. A multi-select keeps
 * its filter while it is open, for ticking several of the options it matched.
 */
export function clearComboboxFilters(doc: Document): void {
  doc.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'Escape') return;
      const select = (event.target as Element | null)?.closest?.(COMBOBOX);
      if (select) clearComboboxFilter(select);
    },
    true,
  );
  doc.addEventListener(
    'change',
    (event) => {
      const select = event.target as Element | null;
      if (select?.matches?.('vscode-single-select[combobox]')) clearComboboxFilter(select);
    },
    true,
  );
}
