// The last 30 days' confirmed volume per direction, as grouped bars (uPlot, served from the jar).
import uPlot from './vendor/uPlot.esm.js';

let plot = null;

export function drawVolume(container, caption, summary) {
  const days = summary.days;
  const xs = days.map((d) => Date.parse(`${d.date}T00:00:00Z`) / 1000);
  const ins = days.map((d) => d.cash_in.sats);
  const outs = days.map((d) => d.cash_out.sats);
  const totalIn = ins.reduce((a, b) => a + b, 0);
  const totalOut = outs.reduce((a, b) => a + b, 0);
  const countIn = days.reduce((a, d) => a + d.cash_in.count, 0);
  const countOut = days.reduce((a, d) => a + d.cash_out.count, 0);
  caption.textContent = `${summary.from} to ${summary.to}: ${countIn} cash-in(s), ${totalIn.toLocaleString()} sats; `
    + `${countOut} cash-out(s), ${totalOut.toLocaleString()} sats${summary.truncated ? ' (only the newest transactions counted)' : ''}.`;
  const width = Math.max(280, Math.min(container.clientWidth || 800, 1100));
  const bars = uPlot.paths.bars;
  const opts = {
    width,
    height: 220,
    scales: { x: { time: true } },
    axes: [{}, { label: 'sats', size: 70, values: (u, vals) => vals.map((v) => v.toLocaleString()) }],
    series: [
      {},
      { label: 'Cash-in', fill: 'rgba(21, 101, 192, 0.8)', stroke: '#0d47a1', paths: bars({ size: [0.4, 40], align: -1 }) },
      { label: 'Cash-out', fill: 'rgba(230, 81, 0, 0.8)', stroke: '#bf360c', paths: bars({ size: [0.4, 40], align: 1 }) },
    ],
  };
  if (plot) plot.destroy();
  plot = new uPlot(opts, [xs, ins, outs], container);
}
