// The classroom relay panel of a playground: address and token, connect/disconnect, status, port
// mappings and drop counts. It connects the world's PC and vvBoard hosts to the relay while connected.

import type { World, WorldHost } from '../runtime/scenario/index.ts';
import type { Translate } from './i18n.ts';
import { relayRuleText } from './packet-list.ts';
import { RelayClient, type RelayStatus } from './relay-client.ts';
import {
  CLASS_NAME_EVENT,
  defaultRelayUrl,
  parseRelayInput,
  sessionResumeStore,
  storedClassName,
  storedRelayToken,
  storeRelayToken,
} from './relay-token.ts';
import { RelayUplink, type RelayMapping } from './relay-uplink.ts';

/** Hosts that get the uplink: the CPython ones (PC, 虚谷号). 掌控板 hosts stay on the virtual Wi-Fi. */
export function relayHosts(world: World): WorldHost[] {
  return [...world.hosts.values()].filter((h) => h.spec.kind !== 'board');
}

/** Request ids of `name` messages start here, apart from the uplink's bind and close requests. */
const NAME_REQUEST_BASE = 2 ** 30;

export class RelayPanel {
  readonly element: HTMLDetailsElement;
  readonly #t: Translate;
  readonly #url: HTMLInputElement;
  readonly #token: HTMLInputElement;
  readonly #button: HTMLButtonElement;
  readonly #status: HTMLElement;
  readonly #error: HTMLElement;
  readonly #mappings: HTMLUListElement;
  readonly #counts: HTMLElement;
  readonly #observed: HTMLElement;
  /** The learner's display name for this class (the class report's), sent after each `welcome`. */
  #name: string | null = null;
  #nameRequest = NAME_REQUEST_BASE;
  readonly #hostNames: string[];
  #client: RelayClient | null = null;
  #uplink: RelayUplink | null = null;
  #world: World | null = null;
  /** Panels made in this page so far: the n-th panel of every page resumes the same session. */
  static #made = 0;
  /** This panel's slot in the tab's sessionStorage (relay-token.ts `sessionResumeStore`). */
  readonly #slot = `panel-${RelayPanel.#made++}`;

  /**
   * @param hostNames The playground's PC and vvBoard hosts (those that use the relay).
   * @param idPrefix Unique per playground, for the inputs' ids.
   */
  constructor(t: Translate, hostNames: readonly string[], idPrefix: string) {
    this.#t = t;
    this.#hostNames = [...hostNames];
    const d = document.createElement('details');
    d.className = 'pg-relay';
    d.dataset['pgRelay'] = '';
    const summary = document.createElement('summary');
    summary.textContent = t('playground.relay');
    const intro = document.createElement('p');
    intro.className = 'pg-relay-intro';
    intro.textContent = t('playground.relay.intro');
    const hostsLine = document.createElement('p');
    hostsLine.className = 'pg-relay-intro';
    hostsLine.textContent =
      hostNames.length > 0
        ? t('playground.relay.hosts', { hosts: hostNames.join(', ') })
        : t('playground.relay.noHosts');

    const fields = document.createElement('div');
    fields.className = 'pg-fields pg-relay-fields';
    const field = (key: string, id: string, input: HTMLInputElement) => {
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = t(key);
      input.id = id;
      const cell = document.createElement('div');
      cell.append(label, input);
      fields.append(cell);
    };
    this.#url = document.createElement('input');
    this.#url.type = 'text';
    this.#url.autocomplete = 'off';
    this.#url.spellcheck = false;
    this.#url.value = defaultRelayUrl();
    this.#url.dataset['relayField'] = 'url';
    this.#token = document.createElement('input');
    this.#token.type = 'text';
    this.#token.autocomplete = 'off';
    this.#token.spellcheck = false;
    this.#token.value = storedRelayToken() ?? '';
    this.#token.dataset['relayField'] = 'token';
    field('playground.relay.url', `${idPrefix}-relay-url`, this.#url);
    field('playground.relay.token', `${idPrefix}-relay-token`, this.#token);
    // A pasted join link fills both fields.
    this.#url.addEventListener('change', () => {
      const parsed = parseRelayInput(this.#url.value);
      if (parsed.url) this.#url.value = parsed.url;
      if (parsed.token) this.#token.value = parsed.token;
    });

    const buttons = document.createElement('div');
    buttons.className = 'pg-net-buttons';
    this.#button = document.createElement('button');
    this.#button.type = 'button';
    this.#button.className = 'pg-btn';
    this.#button.dataset['relayAction'] = 'connect';
    this.#button.textContent = t('playground.relay.connect');
    this.#button.disabled = hostNames.length === 0;
    this.#button.addEventListener('click', () => (this.#client ? this.disconnect() : this.connect()));
    this.#status = document.createElement('span');
    this.#status.className = 'pg-net-message';
    this.#status.setAttribute('role', 'status');
    this.#status.dataset['relayStatus'] = 'idle';
    this.#status.textContent = t('playground.relay.state.idle');
    buttons.append(this.#button, this.#status);
    // Says plainly, while connected, what the teacher's dashboard shows of this page's datagrams.
    this.#observed = document.createElement('p');
    this.#observed.className = 'pg-relay-observed';
    this.#observed.dataset['relayObserved'] = '';
    this.#observed.setAttribute('aria-live', 'polite');
    this.#observed.hidden = true;

    this.#error = document.createElement('p');
    this.#error.className = 'pg-relay-error';
    this.#error.setAttribute('role', 'alert');
    this.#error.hidden = true;
    const mapTitle = document.createElement('p');
    mapTitle.className = 'pg-relay-subtitle';
    mapTitle.textContent = t('playground.relay.mappings');
    this.#mappings = document.createElement('ul');
    this.#mappings.className = 'pg-relay-mappings';
    this.#mappings.setAttribute('aria-live', 'polite');
    this.#counts = document.createElement('p');
    this.#counts.className = 'pg-relay-counts';
    this.#counts.dataset['relayCounts'] = '';
    this.#showMappings([]);
    this.#showCounts(null);

    d.append(
      summary,
      intro,
      hostsLine,
      fields,
      buttons,
      this.#observed,
      this.#error,
      mapTitle,
      this.#mappings,
      this.#counts,
    );
    // A name given (or changed) in the class report tags this page's datagrams from then on.
    window.addEventListener(CLASS_NAME_EVENT, this.#onClassName);
    d.open = this.#token.value !== '';
    this.element = d;
    // Connected when the tab's previous page was left: this page continues that session.
    const token = this.#token.value.trim();
    if (token && hostNames.length > 0 && sessionResumeStore(this.#slot, this.#url.value, token).load())
      this.connect();
  }

  /** Connects with the fields' address and token. */
  connect(): void {
    const parsed = parseRelayInput(this.#url.value);
    const url = parsed.url ?? this.#url.value.trim();
    const token = (parsed.token ?? this.#token.value).trim();
    if (!token) {
      this.#showError(this.#t('playground.relay.tokenMissing'));
      this.#token.focus();
      return;
    }
    storeRelayToken(token);
    this.#url.value = url;
    this.#token.value = token;
    const client = new RelayClient({ url, token, resumeStore: sessionResumeStore(this.#slot, url, token) });
    this.#client = client;
    this.#name = storedClassName(url, token) ?? this.#name;
    client.onEvent((e) => {
      if (e.type === 'welcome') this.#sendName();
    });
    this.#uplink = new RelayUplink(client);
    this.#uplink.onMappings((m) => this.#showMappings(m));
    client.onStatus((s) => this.#showStatus(s));
    if (this.#world) this.#attach(this.#world);
    this.#button.textContent = this.#t('playground.relay.disconnect');
    this.#button.dataset['relayAction'] = 'disconnect';
    this.#url.disabled = true;
    this.#token.disabled = true;
    client.connect();
  }

  readonly #onClassName = (e: Event): void => {
    const name = (e as CustomEvent<unknown>).detail;
    if (typeof name !== 'string') return;
    this.#name = name;
    this.#sendName();
    if (this.#client) this.#showStatus(this.#client.status);
  };

  /**
   * Ends the panel (the playground disposed): its window listener goes, its connection closes
   * (the relay closes its real sockets); the tab's session stays resumable, as when a page is left.
   */
  dispose(): void {
    window.removeEventListener(CLASS_NAME_EVENT, this.#onClassName);
    this.#uplink?.dispose();
    this.#client?.disconnect(false);
    this.#uplink = null;
    this.#client = null;
  }

  disconnect(): void {
    this.#uplink?.dispose();
    this.#client?.disconnect();
    this.#uplink = null;
    this.#client = null;
    this.#button.textContent = this.#t('playground.relay.connect');
    this.#button.dataset['relayAction'] = 'connect';
    this.#url.disabled = false;
    this.#token.disabled = false;
    this.#showMappings([]);
  }

  /** Tags this session's datagrams on the teacher's dashboard with the learner's display name. */
  #sendName(): void {
    if (this.#name === null || !this.#client?.open) return;
    this.#client.name(this.#nameRequest, this.#name);
    this.#nameRequest = this.#nameRequest >= 2 ** 31 - 1 ? NAME_REQUEST_BASE : this.#nameRequest + 1;
  }

  /** A new world (first run, or after a reset): its PC and vvBoard hosts use the relay while connected. */
  setWorld(world: World): void {
    this.#world = world;
    if (this.#uplink) this.#attach(world);
  }

  #attach(world: World): void {
    const uplink = this.#uplink;
    if (!uplink) return;
    uplink.detachAll();
    for (const { host } of relayHosts(world)) uplink.attach(host);
  }

  #showStatus(s: RelayStatus): void {
    const t = this.#t;
    this.#status.dataset['relayStatus'] = s.state;
    const seconds = s.retryAt === null ? 0 : Math.max(0, Math.ceil((s.retryAt - Date.now()) / 1000));
    this.#status.textContent = t(`playground.relay.state.${s.state}`, {
      address: s.address ?? '',
      attempt: s.attempt,
      seconds,
    });
    if (s.error) {
      const key = `playground.relay.error.${s.error.code}`;
      const text = t(key);
      const e = s.error;
      // A denied destination: which one, the rule, and the flag the teacher could add.
      const rule =
        e.reason === undefined
          ? ''
          : `: ${e.peer ?? ''} — ${relayRuleText(t, { reason: e.reason, allow: e.allow ?? null })}`;
      this.#showError(`${text === key ? e.message : text}${rule} (${e.code})`);
    } else this.#showError(null);
    this.#showCounts(s);
    this.#showObserved(s);
  }

  #showObserved(s: RelayStatus): void {
    const o = s.observed;
    const shown = s.state === 'open' && o !== null && o.traffic;
    this.#observed.hidden = !shown;
    this.#observed.dataset['relayObserved'] = shown ? (o.preview ? 'preview' : 'metadata') : '';
    if (!shown) return;
    const tag = this.#name ?? s.session ?? '';
    this.#observed.textContent = o.preview
      ? this.#t('playground.relay.observed.preview', { tag, bytes: o.previewBytes })
      : this.#t('playground.relay.observed.metadata', { tag });
  }

  #showError(text: string | null): void {
    this.#error.hidden = text === null;
    this.#error.textContent = text ?? '';
  }

  #showMappings(list: readonly RelayMapping[]): void {
    const t = this.#t;
    this.#mappings.textContent = '';
    if (list.length === 0) {
      const li = document.createElement('li');
      li.textContent = t('playground.relay.mappings.empty');
      this.#mappings.append(li);
      return;
    }
    for (const m of list) {
      const li = document.createElement('li');
      li.dataset['relayMapping'] = `${m.host}:${m.port}`;
      li.textContent =
        t('playground.relay.mapping', {
          host: m.host,
          port: m.port,
          address: m.address,
          relayPort: m.relayPort,
        }) + (m.implicit ? ` ${t('playground.relay.mapping.implicit')}` : '');
      this.#mappings.append(li);
    }
  }

  #showCounts(s: RelayStatus | null): void {
    const d = s?.drops;
    this.#counts.dataset['relayDenials'] = String(s?.denials ?? 0);
    this.#counts.textContent = this.#t('playground.relay.counts', {
      total: (d?.total ?? 0) + (d?.offline ?? 0),
      rate: d?.rate ?? 0,
      backpressure: d?.backpressure ?? 0,
      inboundDenied: d?.inboundDenied ?? 0,
      offline: d?.offline ?? 0,
      denials: s?.denials ?? 0,
    });
  }

  /** The relay's hosts, for tests and the intro text. */
  get hosts(): readonly string[] {
    return this.#hostNames;
  }

  get status(): RelayStatus | null {
    return this.#client?.status ?? null;
  }
}
