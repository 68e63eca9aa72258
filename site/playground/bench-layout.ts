// The playground as a lab bench: the lab-mode switch, a fold button per editor, and the phone's program tabs.
// The columns themselves are CSS (playground.css, container queries on the playground's width).

import type { Translate } from './i18n.ts';

/** The bench's controls of one playground, built once its panels exist. */
export class BenchLayout {
  readonly root: HTMLElement;
  readonly labButton: HTMLButtonElement;
  #t: Translate;
  #inerted: HTMLElement[] = [];
  #tabs: HTMLButtonElement[] = [];
  #strip: HTMLElement | null;

  constructor(root: HTMLElement, t: Translate) {
    this.root = root;
    this.#t = t;
    this.#strip = root.querySelector<HTMLElement>('.pg-programs');
    const bar = document.createElement('div');
    bar.className = 'pg-bench-bar not-content';
    this.labButton = document.createElement('button');
    this.labButton.type = 'button';
    this.labButton.className = 'pg-btn pg-lab-toggle';
    this.labButton.dataset['pgLab'] = '';
    this.labButton.title = t('playground.lab.title');
    this.labButton.addEventListener('click', () => this.setLab(!this.lab));
    bar.append(this.#programTabs(), this.labButton);
    // Last in the playground's order (shown at its top by CSS): the skip link's next Tab stop stays
    // the first Run, and a screen reader reads the programs before these view controls.
    this.#strip?.parentElement?.append(bar);
    this.#labelLab();
  }

  /**
   * Adds the fold button under a program's editor, beside the editor's hint (`hint`, Monaco only):
   * it folds that editor to a few lines (it scrolls inside) and back.
   */
  addFold(program: HTMLElement, file: string, editorBox: HTMLElement, hint: HTMLElement | null): void {
    const foot = document.createElement('div');
    foot.className = 'pg-editor-foot';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'pg-btn pg-fold';
    button.dataset['pgFold'] = '';
    editorBox.id ||= `${this.root.dataset['udplabPlayground'] ?? 'pg'}-editor-${file.replace(/\W/g, '-')}`;
    button.setAttribute('aria-controls', editorBox.id);
    const label = (folded: boolean) => {
      button.textContent = this.#t(folded ? 'playground.unfold' : 'playground.fold');
      button.setAttribute(
        'aria-label',
        this.#t(folded ? 'playground.unfoldLabel' : 'playground.foldLabel', { file }),
      );
      button.setAttribute('aria-expanded', String(!folded));
    };
    label(false);
    button.addEventListener('click', () => {
      const folded = program.dataset['folded'] === undefined;
      if (folded) program.dataset['folded'] = '';
      else delete program.dataset['folded'];
      label(folded);
    });
    foot.append(button);
    if (hint) foot.append(hint);
    editorBox.after(foot);
  }

  /**
   * On a phone the programs are a strip swiped sideways, one program wide; these buttons (shown
   * only there, by CSS) go to a program and say which one is in view.
   */
  #programTabs(): HTMLElement {
    const nav = document.createElement('div');
    nav.className = 'pg-tabs';
    nav.setAttribute('role', 'group');
    nav.setAttribute('aria-label', this.#t('playground.programs'));
    const programs = [...this.root.querySelectorAll<HTMLElement>('.pg-program')];
    if (programs.length < 2 || !this.#strip) return nav;
    const strip = this.#strip;
    for (const program of programs) {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.className = 'pg-btn pg-tab';
      tab.dataset['pgTab'] = program.dataset['file'] ?? '';
      tab.textContent = program.querySelector('.pg-file')?.textContent ?? '';
      tab.addEventListener('click', () => this.showProgram(program));
      this.#tabs.push(tab);
      nav.append(tab);
    }
    let frame = 0;
    strip.addEventListener('scroll', () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => this.#markTab());
    });
    this.#markTab();
    return nav;
  }

  /** Scrolls the phone's strip sideways to `program` (nothing on wide screens, where all are in view). */
  showProgram(program: HTMLElement): void {
    const strip = this.#strip;
    if (!strip || strip.scrollWidth <= strip.clientWidth) return;
    strip.scrollTo({ left: program.offsetLeft - strip.offsetLeft, behavior: 'instant' });
    this.#markTab();
  }

  #markTab(): void {
    const strip = this.#strip;
    if (!strip) return;
    const index = strip.clientWidth > 0 ? Math.round(strip.scrollLeft / strip.clientWidth) : 0;
    this.#tabs.forEach((tab, i) => {
      if (i === index) tab.setAttribute('aria-current', 'true');
      else tab.removeAttribute('aria-current');
    });
  }

  /**
   * Ends the layout (the playground disposed): leaves lab mode without moving focus or scrolling,
   * so no listener stays on the document and no part of the page stays inert.
   */
  dispose(): void {
    document.removeEventListener('keydown', this.#onKey);
    for (const el of this.#inerted) el.inert = false;
    this.#inerted = [];
    if (!this.lab) return;
    this.root.classList.remove('pg-lab');
    document.documentElement.classList.remove('udplab-lab-open');
    if ('showPopover' in this.root && this.root.popover) {
      this.root.hidePopover();
      this.root.removeAttribute('popover');
    }
  }

  get lab(): boolean {
    return this.root.classList.contains('pg-lab');
  }

  /**
   * Lab mode: the playground fills the window; the rest of the page is inert (not focusable, not
   * read) until Esc or the button leaves it; the focus stays on the button either way.
   */
  setLab(on: boolean): void {
    if (on === this.lab) return;
    this.root.classList.toggle('pg-lab', on);
    document.documentElement.classList.toggle('udplab-lab-open', on);
    // The top layer, where supported: above the header and sidebars whatever their stacking.
    const topLayer = 'showPopover' in this.root;
    if (on && topLayer) {
      this.root.popover = 'manual';
      this.root.showPopover();
    } else if (!on && topLayer && this.root.popover) {
      this.root.hidePopover();
      this.root.removeAttribute('popover');
    }
    if (on) {
      for (let el: HTMLElement | null = this.root; el && el !== document.body; el = el.parentElement) {
        for (const sibling of el.parentElement?.children ?? []) {
          if (sibling === el || !(sibling instanceof HTMLElement) || sibling.inert) continue;
          if (sibling.tagName === 'SCRIPT' || sibling.tagName === 'STYLE') continue;
          sibling.inert = true;
          this.#inerted.push(sibling);
        }
      }
      document.addEventListener('keydown', this.#onKey, { capture: false });
      this.root.scrollTop = 0;
    } else {
      for (const el of this.#inerted) el.inert = false;
      this.#inerted = [];
      document.removeEventListener('keydown', this.#onKey);
      this.root.scrollIntoView({ block: 'start' });
    }
    this.#labelLab();
    this.labButton.focus({ preventScroll: true });
  }

  /**
   * Esc leaves lab mode, unless something used it first (Monaco closing its suggestions) or it
   * belongs to where it was pressed: the terminal passes it to the program, and in the phone's
   * editor it is the first half of Esc-then-Tab (which moves the focus out).
   */
  #onKey = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || event.defaultPrevented || event.isComposing) return;
    const target = event.target as Element | null;
    if (target?.closest('.pg-term, .pg-textarea')) return;
    event.preventDefault();
    this.setLab(false);
  };

  #labelLab(): void {
    const on = this.lab;
    this.labButton.textContent = this.#t(on ? 'playground.lab.leave' : 'playground.lab.enter');
  }
}
