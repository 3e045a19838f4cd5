// The operator console: one page of views over the admin API, updated by short polling.
import { ApiError, Unauthorized, del, get, post, put, query } from './api.js';
import { drawVolume } from './chart.js';
import { ago, badge, direction, el, facts, money, time, txLine } from './views.js';

const POLL_MS = 2000;
const $ = (id) => document.getElementById(id);
const VIEWS = ['fleet', 'transactions', 'problems', 'provisioning'];
const state = { view: null, names: new Map(), apps: [], timer: null, openTx: null, settings: null, busy: false };

function say(message) {
  $('status').textContent = message;
}

function fail(error) {
  if (error instanceof Unauthorized) return showSignIn('Your session has ended; sign in again.');
  say(error instanceof ApiError ? `Refused: ${error.message}` : `Failed: ${error.message}`);
}

// ---------------------------------------------------------------- sign-in

function showSignIn(message) {
  stopPolling();
  for (const v of VIEWS) $(`view-${v}`).hidden = true;
  $('nav').hidden = true;
  $('who').hidden = true;
  $('banner').hidden = true;
  $('view-signin').hidden = false;
  $('signin-error').textContent = message || '';
  $('password').focus();
}

$('signin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const password = $('password').value;
  $('signin-error').textContent = '';
  try {
    await post('/api/admin/session', { password });
    $('password').value = '';
    await start();
  } catch (error) {
    $('password').value = '';
    $('signin-error').textContent = error instanceof ApiError ? error.message : `Sign-in failed: ${error.message}`;
    $('password').focus();
  }
});

$('sign-out').addEventListener('click', async () => {
  try {
    await del('/api/admin/session');
  } catch (error) {
    // signed out either way on this page
  }
  showSignIn('Signed out.');
});

// ---------------------------------------------------------------- navigation and polling

function route() {
  const wanted = location.hash.replace('#', '');
  const view = VIEWS.includes(wanted) ? wanted : 'fleet';
  if (state.view !== view) say('');
  state.view = view;
  for (const v of VIEWS) $(`view-${v}`).hidden = v !== view;
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.view === view) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  refresh();
}

function stopPolling() {
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
}

async function refresh() {
  stopPolling();
  if (state.busy) return;
  state.busy = true;
  try {
    await loadApps();
    await banner();
    await RENDER[state.view]();
    $('live').classList.remove('stale');
  } catch (error) {
    $('live').classList.add('stale');
    fail(error);
    if (error instanceof Unauthorized) return;
  } finally {
    state.busy = false;
  }
  if (!$('view-signin').hidden) return;
  state.timer = setTimeout(refresh, POLL_MS);
}

async function loadApps() {
  const fleet = await get('/api/admin/fleet');
  state.fleet = fleet;
  state.names = new Map(fleet.apps.map((a) => [a.app_id, a.name]));
  const select = $('f-app');
  const chosen = select.value;
  const options = [el('option', { value: '', text: 'All' }), ...fleet.apps.map((a) => el('option', { value: a.app_id, text: a.name }))];
  if (select.options.length !== options.length || [...select.options].some((o, i) => o.value !== options[i].value)) {
    select.replaceChildren(...options);
    select.value = chosen;
  }
}

async function banner() {
  const problems = await get('/api/admin/problems');
  state.problems = problems;
  const b = problems.balance;
  const count = problems.stuck_cash_ins.length + problems.paid_late.length + problems.price_flagged.length
    + problems.backend_errors.length + (b.low || b.error ? 1 : 0);
  const counter = $('problem-count');
  counter.hidden = count === 0;
  counter.textContent = String(count);
  counter.setAttribute('aria-label', `${count} problem(s)`);
  const box = $('banner');
  if (b.low) {
    box.textContent = `Low balance: the wallet holds ${b.available_sat.toLocaleString()} sats, under the alarm of ${b.low_balance_sats.toLocaleString()} sats. Cash-ins may be refused; top up the wallet.`;
    box.hidden = false;
  } else if (b.error) {
    box.textContent = `The Lightning backend does not answer: ${b.error}.`;
    box.hidden = false;
  } else {
    box.hidden = true;
  }
}

// ---------------------------------------------------------------- fleet

async function renderFleet() {
  const fleet = state.fleet;
  const cards = fleet.apps.map((app) => appCard(app, fleet));
  $('fleet').replaceChildren(...(cards.length ? cards : [el('p', { class: 'muted', text: 'No apps yet: add one above.' })]));
  if (!state.chartDrawnAt || Date.now() - state.chartDrawnAt > 30000) {
    state.chartDrawnAt = Date.now();
    drawVolume($('chart'), $('chart-summary'), await get('/api/admin/summary?days=30'));
  }
}

function appCard(app, fleet) {
  const machines = app.devices.map((d) => el('li', { class: d.offline ? 'machine offline' : 'machine', dataset: { fingerprint: d.fingerprint } },
    el('span', { class: 'dot', 'aria-hidden': 'true' }),
    el('div', {},
      el('strong', { text: d.model }), ' ',
      el('span', { class: d.offline ? 'bad-text' : 'muted', text: d.offline ? `offline, last seen ${ago(d.last_seen_at)}` : `seen ${ago(d.last_seen_at)}` }),
      d.last_state ? el('span', { class: 'muted', text: ` · ${d.last_state}` }) : null,
      el('div', { class: 'mono small', text: d.fingerprint })),
    el('button', { type: 'button', class: 'secondary small', onclick: () => unpair(app, d), text: 'Unpair' })));
  const cassettes = app.cassettes.map((c) => el('li', { class: c.refill ? 'cassette refill' : 'cassette' },
    el('span', { text: `${c.denomination} ${c.fiat_code}` }),
    el('meter', { min: 0, max: c.capacity, low: Math.ceil(c.capacity * fleet.refill_below_percent / 100), optimum: c.capacity, value: c.count, 'aria-label': `cassette ${c.position}` }),
    el('span', { text: `${c.count} / ${c.capacity}${c.refill ? ' — refill' : ''}` })));
  return el('article', { class: `card app ${app.status}`, dataset: { app: app.app_id }, 'aria-label': app.name },
    el('div', { class: 'title-row' },
      el('h3', { text: app.name }),
      el('span', { class: `badge ${app.status === 'active' ? 'ok' : 'bad'}`, text: app.status })),
    el('p', { class: 'muted small mono', text: app.app_id }),
    el('h4', { text: 'Machine' }),
    machines.length ? el('ul', { class: 'machines' }, machines)
      : el('p', { class: 'muted', text: fleet.pairing_enabled ? 'No machine paired.' : 'Machine pairing is off on this server.' }),
    el('h4', { text: 'Cassettes' }),
    cassettes.length ? el('ul', { class: 'cassettes' }, cassettes) : el('p', { class: 'muted', text: 'No cassettes.' }),
    el('h4', { text: 'Today' }),
    el('p', { class: 'small' }, `In: ${money(app.today.cash_in)}`, el('br'), `Out: ${money(app.today.cash_out)}`),
    el('div', { class: 'actions' },
      fleet.pairing_enabled ? el('button', { type: 'button', onclick: () => pair(app), text: 'Pair a machine' }) : null,
      el('button', { type: 'button', class: 'secondary', onclick: () => refill(app), text: 'Set cassettes' }),
      el('button', { type: 'button', class: 'secondary', onclick: () => toggle(app), text: app.status === 'disabled' ? 'Enable' : 'Disable' }),
      el('button', { type: 'button', class: 'secondary', onclick: () => rotate(app), text: 'Rotate token' })));
}

function dialog(title, body, okLabel) {
  const d = $('dialog');
  $('dialog-title').textContent = title;
  $('dialog-body').replaceChildren(...[body].flat());
  $('dialog-ok').hidden = !okLabel;
  $('dialog-ok').textContent = okLabel || 'OK';
  return new Promise((resolve) => {
    d.addEventListener('close', () => resolve(d.returnValue === 'ok'), { once: true });
    d.returnValue = '';
    d.showModal();
  });
}

async function pair(app) {
  try {
    const p = await post(`/api/admin/apps/${app.app_id}/pairings`, {});
    await dialog(`Pair a machine to ${app.name}`, [
      el('p', { text: 'On the machine, choose pairing and scan this code. It works once, until ' + time(p.expires_at) + '.' }),
      el('img', { class: 'qr', src: `data:image/png;base64,${p.qr_png_base64}`, alt: `Pairing QR code for ${app.name}` })]);
    refresh();
  } catch (error) { fail(error); }
}

async function unpair(app, device) {
  const ok = await dialog('Unpair this machine?', el('p', { text: `${device.model} (${device.fingerprint}) stops working for ${app.name} at its next call.` }), 'Unpair');
  if (!ok) return;
  try {
    await del(`/api/admin/apps/${app.app_id}/devices/${device.fingerprint}`);
    say('Machine unpaired.');
    refresh();
  } catch (error) { fail(error); }
}

async function toggle(app) {
  const action = app.status === 'disabled' ? 'enable' : 'disable';
  try {
    await post(`/api/admin/apps/${app.app_id}/${action}`);
    say(`${app.name}: ${action}d.`);
    refresh();
  } catch (error) { fail(error); }
}

async function rotate(app) {
  const ok = await dialog(`Rotate the token of ${app.name}?`, el('p', { text: 'The old token stops working at once; the machine needs the new one.' }), 'Rotate');
  if (!ok) return;
  try {
    const answer = await post(`/api/admin/apps/${app.app_id}/rotate-token`);
    await dialog('New token (shown once)', [el('p', { text: 'Copy it now; the server keeps only its hash.' }),
      el('pre', { class: 'mono secret', text: answer.credentials.token })]);
  } catch (error) { fail(error); }
}

async function refill(app) {
  const rows = (app.cassettes.length ? app.cassettes : [{ position: 1, denomination: '', fiat_code: '', count: 0 }]).map((c) => el('div', { class: 'cassette-row' },
    el('label', { for: `den-${c.position}`, text: `Cassette ${c.position} note` }),
    el('input', { id: `den-${c.position}`, name: 'denomination', inputmode: 'decimal', value: c.denomination, required: true }),
    el('label', { for: `fiat-${c.position}`, text: 'currency' }),
    el('input', { id: `fiat-${c.position}`, name: 'fiat_code', value: c.fiat_code, maxlength: 3, size: 4 }),
    el('label', { for: `count-${c.position}`, text: 'notes' }),
    el('input', { id: `count-${c.position}`, name: 'count', type: 'number', min: 0, value: c.count, required: true })));
  const ok = await dialog(`Cassettes of ${app.name}`, rows, 'Save');
  if (!ok) return;
  const cassettes = rows.map((row) => {
    const v = (n) => row.querySelector(`[name=${n}]`).value.trim();
    const c = { denomination: v('denomination'), count: Number(v('count')) };
    if (v('fiat_code')) c.fiat_code = v('fiat_code').toUpperCase();
    return c;
  });
  try {
    await put(`/api/admin/apps/${app.app_id}/cassettes`, { cassettes });
    say(`${app.name}: cassettes saved.`);
    refresh();
  } catch (error) { fail(error); }
}

$('add-app').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = $('new-app-name').value.trim();
  if (!name) return;
  try {
    const added = await post('/api/admin/app/add', { name });
    $('new-app-name').value = '';
    await dialog(`${added.name} added`, [el('p', { text: 'Its token, shown once (pairing a Lamassu machine does not need it):' }),
      el('pre', { class: 'mono secret', text: added.credentials.token })]);
    refresh();
  } catch (error) { fail(error); }
});

// ---------------------------------------------------------------- transactions

async function renderTransactions() {
  const f = new FormData($('tx-filter'));
  const page = await get(`/api/admin/txs${query({ app_id: f.get('app_id'), direction: f.get('direction'), status: f.get('status'), limit: 100 })}`);
  const rows = page.items.map((tx) => el('tr', { dataset: { tx: tx.id }, tabindex: 0, class: tx.id === state.openTx ? 'open' : '',
    onclick: () => openTx(tx.id), onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); openTx(tx.id); } } },
  el('td', { text: time(tx.created) }),
  el('td', { class: 'wide', text: state.names.get(tx.appId) || tx.appId }),
  el('td', { text: direction(tx.direction) }),
  el('td', { text: `${tx.fiat} ${tx.fiatCode}` }),
  el('td', { class: 'wide', text: Number(tx.cryptoAtoms).toLocaleString() }),
  el('td', { class: 'status' }, badge(tx.status))));
  $('txs').tBodies[0].replaceChildren(...rows);
  $('txs-empty').hidden = rows.length > 0;
  if (state.openTx) await showTx(state.openTx);
}

$('tx-filter').addEventListener('change', () => refresh());

async function openTx(id) {
  state.openTx = id;
  try {
    await showTx(id);
    $('tx-detail').hidden = false;
    $('tx-detail-title').focus();
  } catch (error) { fail(error); }
}

async function showTx(id) {
  const tx = await get(`/api/admin/txs/${encodeURIComponent(id)}`);
  $('tx-detail-title').textContent = `${direction(tx.direction)} ${tx.fiat} ${tx.fiatCode}`;
  $('tx-detail-title').setAttribute('tabindex', '-1');
  facts($('tx-facts'), [
    ['Id', el('span', { class: 'mono', text: tx.id })],
    ['Machine', state.names.get(tx.appId) || tx.appId],
    ['Status', badge(tx.status)],
    ['Sats', Number(tx.cryptoAtoms).toLocaleString()],
    ['Created', time(tx.created)],
    ['Updated', time(tx.updated)],
    ['Error', tx.error],
    ['Invoice', el('span', { class: 'mono wrap', text: tx.toAddress })],
    ['Payment hash', el('span', { class: 'mono wrap', text: tx.paymentHash })],
    ['Preimage', tx.direction === 'cashIn' ? el('span', { class: 'mono wrap', text: tx.preimage || '—' }) : undefined],
    ['Fee (sats)', tx.direction === 'cashIn' ? (tx.fee === null ? '—' : String(tx.fee)) : undefined],
    ['Price flagged', tx.direction === 'cashOut' ? (tx.priceFlagged ? 'yes' : 'no') : undefined],
  ]);
  $('tx-history').replaceChildren(...tx.history.map((h) => el('li', {},
    el('time', { datetime: h.at, text: time(h.at) }), ' ',
    el('strong', { text: h.kind }), ' ',
    el('span', { class: 'muted', text: `(${h.actor})` }), ' ', h.detail)));
}

$('tx-detail-close').addEventListener('click', () => {
  state.openTx = null;
  $('tx-detail').hidden = true;
});

// ---------------------------------------------------------------- problems

async function renderProblems() {
  const p = state.problems;
  const b = p.balance;
  $('balance').replaceChildren(
    el('h3', { text: 'Wallet balance' }),
    b.error ? el('p', { class: 'error', text: b.error })
      : el('p', { class: b.low ? 'big bad-text' : 'big', text: `${b.available_sat.toLocaleString()} sats` }),
    el('p', { class: 'muted', text: b.low_balance_sats > 0 ? `Alarm under ${b.low_balance_sats.toLocaleString()} sats (CONSOLE_LOW_BALANCE_SATS).` : 'No low-balance alarm set (CONSOLE_LOW_BALANCE_SATS).' }));
  keepForms($('stuck'), p.stuck_cash_ins.map((tx) => txLine(tx, state.names, resolveForm(tx))), 'None.');
  list($('late'), p.paid_late.map((tx) => txLine(tx, state.names, el('p', { class: 'error', text: `${tx.problem} (paid ${time(tx.paid_at)})` }))));
  list($('flagged'), p.price_flagged.map((tx) => txLine(tx, state.names)));
  list($('backend-errors'), p.backend_errors.map((e) => el('div', { class: 'item' }, el('strong', { text: e.code }), ` on ${e.route} at ${time(e.at)}`)));
}

function list(container, items) {
  container.replaceChildren(...(items.length ? items : [el('p', { class: 'muted', text: 'None.' })]));
}

/** Re-renders a list but keeps the items whose form has focus or input, so polling never eats a half-typed reason. */
function keepForms(container, items, empty) {
  const busy = new Map([...container.querySelectorAll('.item')]
    .filter((item) => item.contains(document.activeElement) || [...item.querySelectorAll('input')].some((i) => i.value))
    .map((item) => [item.dataset.tx, item]));
  const next = items.map((item) => busy.get(item.dataset.tx) || item);
  container.replaceChildren(...(next.length ? next : [el('p', { class: 'muted', text: empty })]));
}

function resolveForm(tx) {
  const id = tx.id;
  const failed = tx.status === 'failed';
  const form = el('form', { class: 'resolve', 'aria-label': `Resolve ${tx.id}` },
    el('label', { for: `who-${id}`, text: 'Your name' }),
    el('input', { id: `who-${id}`, name: 'operator', maxlength: 100, required: true, autocomplete: 'name' }),
    el('label', { for: `why-${id}`, text: 'Reason' }),
    el('input', { id: `why-${id}`, name: 'reason', maxlength: 500, required: true }),
    failed ? el('button', { type: 'submit', value: 'refund', class: 'danger', text: 'Refund' }) : null,
    tx.sendPending ? el('span', { class: 'muted small', text: 'A payment may be in flight: wait for the reconciler.' })
      : el('button', { type: 'submit', value: 'cancel', class: 'secondary', text: 'Cancel' }));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const what = event.submitter ? event.submitter.value : 'refund';
    const operator = form.elements.operator.value.trim();
    const reason = form.elements.reason.value.trim();
    if (!operator || !reason) { say('Say who you are and why.'); return; }
    try {
      const done = await post(`/api/admin/txs/${encodeURIComponent(id)}/${what}`, { operator, reason });
      say(`Cash-in ${id}: ${done.status}.`);
      form.reset();
      document.activeElement.blur();
      refresh();
    } catch (error) { fail(error); }
  });
  return form;
}

// ---------------------------------------------------------------- provisioning

async function renderProvisioning() {
  const settings = await get('/api/admin/console');
  const pairs = Object.entries(settings.provisioning);
  facts($('prov-facts'), pairs.length ? pairs : [['Self-service sale', 'off (ATM_PURCHASE_ENABLED)']]);
  if (!settings.provisioning_enabled) {
    $('purchases').tBodies[0].replaceChildren();
    $('purchases-empty').hidden = false;
    $('purchases-empty').textContent = 'This server does not sell apps.';
    return;
  }
  try {
    const answer = await get('/api/admin/purchases?limit=100');
    const rows = answer.purchases.map((p) => el('tr', {},
      el('td', { text: time(p.created_at) }), el('td', { text: p.kind === 'new_app' ? 'new app' : 'renewal' }),
      el('td', { text: p.name || p.app_id || '—' }), el('td', { text: p.amount_sats.toLocaleString() }), el('td', {}, badge(p.status))));
    $('purchases').tBodies[0].replaceChildren(...rows);
    $('purchases-empty').hidden = rows.length > 0;
    $('purchases-empty').textContent = 'No purchases yet.';
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    $('purchases').tBodies[0].replaceChildren();
    $('purchases-empty').hidden = false;
    $('purchases-empty').textContent = 'This server does not sell apps.';
  }
}

const RENDER = { fleet: renderFleet, transactions: renderTransactions, problems: renderProblems, provisioning: renderProvisioning };

// ---------------------------------------------------------------- start

async function start() {
  $('view-signin').hidden = true;
  $('nav').hidden = false;
  $('who').hidden = false;
  route();
}

window.addEventListener('hashchange', route);
document.addEventListener('visibilitychange', () => { if (!document.hidden && $('view-signin').hidden) refresh(); });

(async () => {
  try {
    await get('/api/admin/session');
    await start();
  } catch (error) {
    showSignIn();
  }
})();
