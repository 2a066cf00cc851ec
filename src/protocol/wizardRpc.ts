/**
 * Both ends of the wizard's request/response channel, without `vscode` or the
 * DOM, so the same code runs in the webview, in the extension host and in
 * plain-Node tests.
 *
 * - `WizardHostEndpoint` parses every incoming message, rejects what does not
 *   validate (logged; answered with an error when it carries a usable id,
 *   ignored otherwise), runs the handler under a timeout, and serializes any
 *   error back to the panel.
 * - `WizardClient` numbers requests, times them out, and checks each answer
 *   against the method's result schema before the panel sees it.
 */
import { escapeUnsafeCharacters } from '../model/text';
import { parse, type Schema } from './schema';
import {
  HostToWebview,
  RESULT_SCHEMAS,
  REQUEST_TIMEOUT_MS,
  WebviewToHost,
  WIZARD_PROTOCOL_VERSION,
  hostTimeoutMs,
  type ErrorView,
  type RequestOf,
  type RunView,
  type WizardInit,
  type WizardMethod,
  type WizardResult,
  type Prefill,
} from './wizardMessages';

/** An error whose message is meant for the panel, optionally naming the input at fault. */
export class WizardError extends Error {
  constructor(
    message: string,
    readonly code: ErrorView['code'] = 'failed',
    readonly field?: string,
  ) {
    super(message);
    this.name = 'WizardError';
  }
}

export type WizardHandlers = {
  [M in WizardMethod]: (request: RequestOf<M>) => Promise<WizardResult<M>> | WizardResult<M>;
};

export interface HostEndpointOptions {
  /** `webview.postMessage`; its promise (or thenable) may reject once the panel is gone. */
  post(message: HostToWebview): unknown;
  handlers: WizardHandlers;
  /** Called once per `ready`; answers with the init payload. */
  onReady(): WizardInit | Promise<WizardInit>;
  log: {
    warn(message: string): void;
    error(message: string, error?: unknown): void;
    info(message: string): void;
  };
  /** Turns any thrown value into the text the panel shows (the host masks secrets here). */
  describeError?(error: unknown): string;
  timeoutMs?(method: WizardMethod): number;
}

export class WizardHostEndpoint {
  /** Messages rejected so far; tests read it. */
  rejected = 0;

  constructor(private readonly options: HostEndpointOptions) {}

  async receive(raw: unknown): Promise<void> {
    const parsed = parse(WebviewToHost, raw);
    if (!parsed.ok) {
      this.rejected++;
      this.options.log.warn(
        `Wizard: rejected a message from the panel: ${escapeUnsafeCharacters(parsed.error)}`,
      );
      const id = usableId(raw);
      if (id !== undefined) {
        this.post({
          type: 'response',
          id,
          ok: false,
          error: {
            code: 'invalid-message',
            message: `The panel sent a message the host does not accept (${parsed.error}).`,
          },
        });
      }
      return;
    }
    const message = parsed.value;
    switch (message.type) {
      case 'ready':
        return this.ready(message.protocolVersion);
      case 'log': {
        // The panel's text goes on one line: a newline (or another control, line-separator or
        // bidi character) would let it forge a line of the log.
        const line = `Wizard panel: ${escapeUnsafeCharacters(message.message)}`;
        if (message.level === 'error') this.options.log.error(line);
        else if (message.level === 'warn') this.options.log.warn(line);
        else this.options.log.info(line);
        return;
      }
      case 'request':
        return this.request(message.id, message.request);
    }
  }

  private async ready(version: number): Promise<void> {
    if (version !== WIZARD_PROTOCOL_VERSION) {
      this.options.log.warn(
        `Wizard: the panel speaks protocol ${version}, the host ${WIZARD_PROTOCOL_VERSION}; continuing`,
      );
    }
    try {
      const init = await this.options.onReady();
      this.post({ type: 'init', init });
    } catch (error) {
      this.options.log.error('Wizard: could not prepare the panel', error);
    }
  }

  private async request(id: number, request: RequestOf<WizardMethod>): Promise<void> {
    const method = request.method;
    const handler = this.options.handlers[method] as (r: typeof request) => unknown;
    const limit = this.options.timeoutMs?.(method) ?? hostTimeoutMs(method);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const result = await Promise.race([
        Promise.resolve().then(() => handler(request)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new WizardError(
                  `${method} took longer than ${Math.round(limit / 1000)} s`,
                  'timeout',
                ),
              ),
            limit,
          );
        }),
      ]);
      // The host checks its own answers too: a bug here must show as an error, not a broken panel.
      const checked = parse(RESULT_SCHEMAS[method] as Schema<unknown>, result, `${method} result`);
      if (!checked.ok) throw new Error(checked.error);
      this.post({ type: 'response', id, ok: true, result: checked.value });
    } catch (error) {
      const view = this.errorView(error);
      if (view.code !== 'cancelled' && view.code !== 'invalid-message')
        this.options.log.error(`Wizard: ${method} failed`, error);
      this.post({ type: 'response', id, ok: false, error: view });
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /** Live run progress for the panel. */
  runUpdate(run: RunView): void {
    this.post({ type: 'runUpdate', run });
  }

  prefill(prefill: Prefill): void {
    this.post({ type: 'prefill', prefill });
  }

  private errorView(error: unknown): ErrorView {
    const describe =
      this.options.describeError ?? ((e: unknown) => (e instanceof Error ? e.message : String(e)));
    if (error instanceof WizardError) {
      return { code: error.code, message: clip(describe(error)), field: error.field };
    }
    const name = error instanceof Error ? error.name : '';
    if (name === 'AbortError' || name === 'CancellationError') {
      return { code: 'cancelled', message: 'Cancelled' };
    }
    const field = fieldOf(error);
    return { code: 'failed', message: clip(describe(error)), ...(field ? { field } : {}) };
  }

  private post(message: HostToWebview): void {
    try {
      void Promise.resolve(this.options.post(message)).catch((error: unknown) =>
        this.options.log.warn(`Wizard: could not post to the panel: ${String(error)}`),
      );
    } catch (error) {
      // The panel was closed between the request and the answer.
      this.options.log.warn(`Wizard: could not post to the panel: ${String(error)}`);
    }
  }
}

function clip(message: string): string {
  return message.length > 1_900 ? `${message.slice(0, 1_900)}…` : message;
}

/** Errors from `src/plans` may name the field at fault; carry it to the panel. */
function fieldOf(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'field' in error) {
    const field = (error as { field: unknown }).field;
    if (typeof field === 'string' && field.length <= 100) return field;
  }
  return undefined;
}

/** The id of a request that failed validation, when it is safe to answer to. */
function usableId(raw: unknown): number | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const candidate = (raw as { id?: unknown }).id;
  return typeof candidate === 'number' && Number.isSafeInteger(candidate) && candidate >= 1
    ? candidate
    : undefined;
}

// ---------------------------------------------------------------------------
// The webview's end

export interface ClientOptions {
  post(message: WebviewToHost): void;
  onInit(init: WizardInit): void;
  onRunUpdate(run: RunView): void;
  onPrefill(prefill: Prefill): void;
  /** A host message that did not validate: the panel logs it and carries on. */
  onProtocolError(problem: string): void;
  timeoutMs?(method: WizardMethod): number;
  setTimer?(fn: () => void, ms: number): unknown;
  clearTimer?(handle: unknown): void;
}

/** Rejection of a request, with the host's code and field. */
export class WizardRequestError extends Error {
  constructor(
    message: string,
    readonly code: ErrorView['code'],
    readonly field?: string,
  ) {
    super(message);
    this.name = 'WizardRequestError';
  }
}

interface Pending {
  method: WizardMethod;
  resolve(value: unknown): void;
  reject(error: WizardRequestError): void;
  timer: unknown;
}

export class WizardClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly options: ClientOptions) {}

  ready(): void {
    this.options.post({ type: 'ready', protocolVersion: WIZARD_PROTOCOL_VERSION });
  }

  request<M extends WizardMethod>(request: RequestOf<M>): Promise<WizardResult<M>> {
    const id = this.nextId++;
    const method = request.method as M;
    const limit = this.options.timeoutMs?.(method) ?? REQUEST_TIMEOUT_MS[method];
    const setTimer = this.options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
    return new Promise<WizardResult<M>>((resolve, reject) => {
      const timer = setTimer(() => {
        this.pending.delete(id);
        reject(
          new WizardRequestError(
            `No answer from the extension to ${method} within ${Math.round(limit / 1000)} s.`,
            'timeout',
          ),
        );
      }, limit);
      this.pending.set(id, {
        method,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer,
      });
      this.options.post({ type: 'request', id, request } as WebviewToHost);
    });
  }

  /** Every message from the host goes through here. */
  receive(raw: unknown): void {
    const parsed = parse(HostToWebview, raw);
    if (!parsed.ok) {
      this.options.onProtocolError(parsed.error);
      return;
    }
    const message = parsed.value;
    switch (message.type) {
      case 'init':
        return this.options.onInit(message.init);
      case 'prefill':
        return this.options.onPrefill(message.prefill);
      case 'runUpdate':
        return this.options.onRunUpdate(message.run);
      case 'response': {
        const pending = this.pending.get(message.id);
        if (!pending) return; // Timed out already, or answered twice.
        this.pending.delete(message.id);
        (this.options.clearTimer ?? ((h: unknown) => clearTimeout(h as number)))(pending.timer);
        if (!message.ok) {
          const error = message.error ?? {
            code: 'failed' as const,
            message: 'The extension reported an error.',
          };
          pending.reject(new WizardRequestError(error.message, error.code, error.field));
          return;
        }
        const checked = parse(
          RESULT_SCHEMAS[pending.method] as Schema<unknown>,
          message.result,
          `${pending.method} result`,
        );
        if (!checked.ok) {
          this.options.onProtocolError(checked.error);
          pending.reject(new WizardRequestError(checked.error, 'invalid-message'));
          return;
        }
        pending.resolve(checked.value);
      }
    }
  }

  /** Requests still waiting for an answer (for tests and the busy indicator). */
  get inFlight(): number {
    return this.pending.size;
  }
}
