// Toolbar clicks (Run / Stop / Reset) in the order they were made: queued while the playground loads, acted on once it is ready.

/** One click on a program's toolbar. */
export interface ToolbarAction {
  /** The program's name (`data-file` of its `.pg-program`). */
  readonly file: string;
  /** The button's `data-action`: 'run' | 'stop' | 'reset'. */
  readonly name: string;
}

/**
 * Acts on one action. `more` is true when further actions wait behind it: a Run then resolves
 * only once its program has settled (blocked or ended), so a server queued first is listening
 * before the client queued after it sends.
 */
export type ActionRunner = (action: ToolbarAction, more: () => boolean) => Promise<void>;

/**
 * The one path every toolbar click takes, before and after the playground is enhanced. Until a
 * runner is attached, clicks wait here in order; once attached, they are acted on one after the
 * other while a backlog remains, and at once when there is none. Stop never waits behind a Run.
 */
export class ActionQueue {
  #items: ToolbarAction[] = [];
  #runner: ActionRunner | null = null;
  #busy = false;

  /** Queues (or, with nothing queued and a runner attached, acts on) one click. Returns true if it waits. */
  push(action: ToolbarAction): boolean {
    if (action.name === 'stop' && this.#runner) {
      void this.#runner(action, () => false);
      return false;
    }
    this.#items.push(action);
    void this.#pump();
    return this.#items.includes(action);
  }

  /** Whether a click of this program is waiting. */
  pendingFor(file: string): boolean {
    return this.#items.some((a) => a.file === file);
  }

  /** Starts acting on the queue; later clicks are acted on as they come. */
  attach(runner: ActionRunner): void {
    this.#runner = runner;
    void this.#pump();
  }

  async #pump(): Promise<void> {
    const runner = this.#runner;
    if (this.#busy || !runner) return;
    this.#busy = true;
    try {
      for (let next = this.#items.shift(); next; next = this.#items.shift()) {
        try {
          await runner(next, () => this.#items.length > 0);
        } catch (error) {
          console.warn('[udplab] toolbar action failed', error);
        }
      }
    } finally {
      this.#busy = false;
    }
  }
}
