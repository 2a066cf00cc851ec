/**
 * Escape in a combobox closes its list and clears what was typed to filter
 * it, so the next open shows every option and the field shows the picked
 * value again. VS Code Elements 2.5 closes the list on Escape but keeps the
 * filter text (its `_opts.filterPattern`); this clears it after the element
 * has handled the key. The element stops the key's propagation, so the
 * listener runs in the capture phase.
 */
interface FilterState {
  combobox?: boolean;
  _isBeingFiltered?: boolean;
  _opts?: { filterPattern?: string; activeIndex?: number };
  requestUpdate?(): void;
}

export function clearFilterOnEscape(doc: Document): void {
  doc.addEventListener(
    'keydown',
    (event) => {
      if (event.key !== 'Escape') return;
      const select = (event.composedPath() as Element[]).find(
        (el) => el.tagName === 'VSCODE-SINGLE-SELECT' || el.tagName === 'VSCODE-MULTI-SELECT',
      ) as (Element & FilterState) | undefined;
      if (!select?.combobox) return;
      setTimeout(() => {
        if (select._opts) {
          select._opts.filterPattern = '';
          select._opts.activeIndex = -1;
        }
        select._isBeingFiltered = false;
        select.requestUpdate?.();
        const input = select.shadowRoot?.querySelector<HTMLInputElement>('input.combobox-input');
        // The single select shows its picked option's label again; the multi select, nothing.
        if (input && select.tagName === 'VSCODE-MULTI-SELECT') input.value = '';
      });
    },
    true,
  );
}
