// Building the page from admin API answers: DOM nodes and textContent only (never HTML from data).

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function ago(iso, now = Date.now()) {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

export const direction = (d) => (d === 'cashIn' ? 'Cash-in' : 'Cash-out');

export function badge(status) {
  const tone = { confirmed: 'ok', refunded: 'muted', cancelled: 'muted', failed: 'bad', expired: 'muted',
    rejected: 'bad', insufficientFunds: 'bad', authorized: 'warn', notSeen: 'warn', pending: 'warn' }[status] || 'muted';
  return el('span', { class: `badge ${tone}`, text: status });
}

export function money(volume) {
  const parts = Object.entries(volume.fiat || {}).map(([code, amount]) => `${amount} ${code}`);
  if (volume.count === 0) return 'none';
  return `${volume.count} × · ${parts.join(', ')} · ${volume.sats.toLocaleString()} sats`;
}

export function facts(dl, pairs) {
  dl.replaceChildren(...pairs.filter(([, v]) => v !== undefined).flatMap(([k, v]) => [
    el('dt', { text: k }), el('dd', {}, v === null || v === '' ? '—' : v)]));
}

/** One transaction as a compact line of a problems list. */
export function txLine(tx, names, ...extra) {
  return el('div', { class: 'item', dataset: { tx: tx.id } },
    el('div', { class: 'item-main' },
      el('strong', { text: `${direction(tx.direction)} ${tx.fiat} ${tx.fiatCode}` }), ' ',
      badge(tx.status), ' ',
      el('span', { class: 'muted', text: `${names.get(tx.appId) || tx.appId} · ${time(tx.created)}` }),
      tx.error ? el('div', { class: 'error', text: tx.error }) : null,
      el('div', { class: 'mono small', text: tx.id })),
    ...extra);
}
