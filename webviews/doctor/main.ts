/**
 * The Peering Doctor report's webview entry (dist/webviews/doctor.js, a
 * browser ES module). Only the VS Code Elements it uses are imported.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import './doctor.css';
import { configureL10n } from '../wizard/l10n';
import { DoctorApp, type DoctorVsCodeApi } from './app';

declare function acquireVsCodeApi(): DoctorVsCodeApi;

configureL10n(document);
const root = document.getElementById('doctor');
if (root) new DoctorApp(acquireVsCodeApi(), root).start();
