/**
 * The peering wizard's webview entry point (bundled to dist/webviews/wizard.js
 * as a browser ES module). Only the VS Code Elements the pages use are
 * imported, one by one, to keep the bundle small.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-form-helper/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-multi-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-progress-ring/index.js';
import '@vscode-elements/elements/dist/vscode-radio/index.js';
import '@vscode-elements/elements/dist/vscode-radio-group/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './wizard.css';
import { WizardApp } from './app';
import { clearComboboxFilters } from './combobox';
import { configureL10n } from './l10n';
import type { VsCodeApi } from './store';

declare function acquireVsCodeApi(): VsCodeApi;

configureL10n(document);
clearComboboxFilters(document);
const root = document.getElementById('wizard');
if (root) new WizardApp(acquireVsCodeApi(), root).start();
