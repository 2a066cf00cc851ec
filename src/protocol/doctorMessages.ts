/**
 * The messages between a Peering Doctor report panel and its host, as
 * schemas (the TypeScript type and the run-time check in one, see schema.ts).
 *
 *   webview → host   { type: 'ready' }                       once its script runs
 *   host → webview   { type: 'report', report }              the whole view, after every change
 *   webview → host   { type: 'recheck' }                     diagnose again
 *   webview → host   { type: 'preview', finding }            the fix's plan: steps, bash, Terraform
 *   webview → host   { type: 'fix', finding }                run it (the host asks first), then re-check
 *   webview → host   { type: 'log', level, message }         problems seen in the webview
 *
 * The host keeps the Diagnosis; the webview names a finding by its index in
 * the report, so it never sends a plan, a command or a parameter the host
 * would act on. Every message is checked by `DoctorHostEndpoint`; one that
 * does not fit is logged and dropped, and the panel stays usable.
 */
import { escapeUnsafeCharacters } from '../model/text';
import { CLOUD_KINDS } from '../providers/registry';
import { arr, bool, literal, num, obj, optional, parse, str, tagged, type Infer } from './schema';

export const DOCTOR_PROTOCOL_VERSION = 1;

const text = str({ max: 4_000 });
const shortText = str({ max: 400 });
const cloud = literal(...CLOUD_KINDS);
const severity = literal('error', 'warning', 'info');
const side = literal('local', 'peer', 'both');
const findingIndex = num({ min: 0, max: 9_999, integer: true });

export const EvidenceView = obj({
  kind: shortText,
  cloud,
  id: str({ max: 1_000 }),
  summary: text,
});

export const FindingView = obj({
  code: shortText,
  severity,
  side,
  title: text,
  detail: text,
  evidence: arr(EvidenceView, { max: 200 }),
  doc: obj({ title: shortText, url: str({ max: 2_000, pattern: /^https:\/\// }) }),
  section: optional(shortText),
  /** What the Fix button changes, naming the resource; absent when the product cannot repair it. */
  fix: optional(obj({ kind: shortText, side: literal('local', 'peer'), summary: text })),
});
export type FindingView = Infer<typeof FindingView>;

export const FixPreviewView = obj({
  finding: findingIndex,
  change: text,
  steps: arr(
    obj({
      title: text,
      side: shortText,
      kind: literal('api', 'wait', 'manual'),
      reason: text,
    }),
    { max: 50 },
  ),
  bash: str({ max: 200_000 }),
  terraform: str({ max: 200_000 }),
  /** Why it cannot run from here (no account for that side): the scripts still can. */
  blocked: optional(text),
});
export type FixPreviewView = Infer<typeof FixPreviewView>;

export const ReportView = obj({
  peeringKey: str({ min: 1, max: 1_000 }),
  /** "app-vpc ↔ shared-vpc". */
  title: text,
  /** Each side as the report names it: "app-vpc (Sandbox AWS · app, us-east-1)". */
  sides: obj({ local: text, peer: text }),
  status: literal('checking', 'ready', 'fixing', 'failed'),
  /** A line under the title: progress of a fix, or why the last action failed. */
  message: optional(text),
  checkedAt: optional(num({ min: 0 })),
  port: optional(num({ min: 1, max: 65_535, integer: true })),
  calls: optional(num({ min: 0, integer: true })),
  findings: arr(FindingView, { max: 2_000 }),
  skipped: arr(obj({ check: shortText, side, reason: text }), { max: 500 }),
  preview: optional(FixPreviewView),
});
export type ReportView = Infer<typeof ReportView>;

export const DoctorWebviewToHost = tagged('type', {
  ready: obj({ type: literal('ready'), protocolVersion: num({ integer: true }) }),
  recheck: obj({ type: literal('recheck') }),
  preview: obj({ type: literal('preview'), finding: findingIndex }),
  fix: obj({ type: literal('fix'), finding: findingIndex }),
  closePreview: obj({ type: literal('closePreview') }),
  log: obj({ type: literal('log'), level: literal('info', 'warn', 'error'), message: text }),
});
export type DoctorWebviewToHost = Infer<typeof DoctorWebviewToHost>;

export const DoctorHostToWebview = tagged('type', {
  report: obj({ type: literal('report'), report: ReportView, busy: optional(bool()) }),
});
export type DoctorHostToWebview = Infer<typeof DoctorHostToWebview>;

export interface DoctorHandlers {
  ready(): void | Promise<void>;
  recheck(): void | Promise<void>;
  preview(finding: number): void | Promise<void>;
  fix(finding: number): void | Promise<void>;
  closePreview(): void | Promise<void>;
}

/**
 * The host's end: validates every message, logs and drops what does not fit
 * (the panel stays usable: a later good message is handled as usual), and
 * logs a handler's failure instead of letting it escape into VS Code.
 */
export class DoctorHostEndpoint {
  /** Messages rejected so far; tests read it. */
  rejected = 0;

  constructor(
    private readonly handlers: DoctorHandlers,
    private readonly log: {
      warn(message: string): void;
      error(message: string, error?: unknown): void;
      info(message: string): void;
    },
  ) {}

  async receive(raw: unknown): Promise<void> {
    const parsed = parse(DoctorWebviewToHost, raw);
    if (!parsed.ok) {
      this.rejected++;
      this.log.warn(
        `Doctor: rejected a message from the panel: ${escapeUnsafeCharacters(parsed.error)}`,
      );
      return;
    }
    const message = parsed.value;
    try {
      switch (message.type) {
        case 'ready':
          return await this.handlers.ready();
        case 'recheck':
          return await this.handlers.recheck();
        case 'preview':
          return await this.handlers.preview(message.finding);
        case 'fix':
          return await this.handlers.fix(message.finding);
        case 'closePreview':
          return await this.handlers.closePreview();
        case 'log': {
          // One line: a newline or a bidi character in the panel's text must not forge a log line.
          const line = `Doctor panel: ${escapeUnsafeCharacters(message.message)}`;
          if (message.level === 'error') this.log.error(line);
          else if (message.level === 'warn') this.log.warn(line);
          else this.log.info(line);
          return;
        }
      }
    } catch (error) {
      this.log.error(`Doctor: ${message.type} failed`, error);
    }
  }
}
