// Lockstep's dashboard: plain JavaScript over the operator API (/api), refreshed every few seconds.
'use strict';

const REFRESH_MS = 5000;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (k === 'onclick') node.addEventListener('click', v);
    else node.setAttribute(k, v);
  });
  children.flat().forEach(c => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
  return node;
}

async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  let answer = null;
  try { answer = text ? JSON.parse(text) : null; } catch (e) { answer = { error: text }; }
  if (!response.ok) throw new Error((answer && answer.error) || (method + ' ' + path + ': HTTP ' + response.status));
  return answer;
}

function say(text, isError) {
  const message = document.getElementById('message');
  message.textContent = text;
  message.className = isError ? 'error' : '';
  message.hidden = false;
}

function when(instant) {
  return instant ? new Date(instant).toLocaleString() : '';
}

// Events closed per minute over the last hour: done (blue) with failed (red) stacked on top.
function chart(pair, minutes) {
  const width = 420, height = 70, barWidth = width / minutes.length;
  const peak = Math.max(1, ...minutes.map(m => m.done + m.failed));
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'chart');
  svg.setAttribute('width', width);
  svg.setAttribute('height', height);
  svg.setAttribute('data-pair', pair);
  svg.setAttribute('aria-label', 'events per minute over the last hour for ' + pair);
  minutes.forEach((m, i) => {
    let top = height;
    [['done', m.done], ['failed', m.failed]].forEach(([kind, count]) => {
      if (!count) return;
      const h = Math.max(1, count / peak * (height - 4));
      top -= h;
      const bar = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
      bar.setAttribute('class', kind);
      bar.setAttribute('x', i * barWidth + 0.5);
      bar.setAttribute('y', top);
      bar.setAttribute('width', Math.max(1, barWidth - 1));
      bar.setAttribute('height', h);
      const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      title.textContent = new Date(m.minute).toLocaleTimeString() + ': ' + m.done + ' done, ' + m.failed + ' failed';
      bar.append(title);
      svg.append(bar);
    });
  });
  return svg;
}

async function act(method, path, done, body) {
  try {
    const answer = await api(method, path, body);
    say(done(answer));
  } catch (e) {
    say(e.message, true);
  }
  refresh();
}

async function renderPairs() {
  const [pairs, leases] = await Promise.all([api('GET', '/api/pairs'), api('GET', '/api/leases')]);
  // Which replica applies each pair's inbox now (the holder of its lease; see README, Scale).
  const consumer = pair => {
    const lease = leases.leases.find(l => l.name === pair && l.live);
    return lease ? el('div', { class: 'muted consumer' }, 'applied by ', el('b', {}, lease.holder),
      lease.mine ? ' (this replica)' : '') : '';
  };
  const cards = await Promise.all(pairs.map(async p => {
    const minutes = await api('GET', '/api/pairs/' + encodeURIComponent(p.pair) + '/throughput?minutes=60');
    const lastHour = minutes.reduce((n, m) => n + m.done + m.failed, 0);
    const paused = p.state === 'PAUSED';
    return el('div', { class: 'card pair', 'data-pair': p.pair },
      el('h3', {}, p.pair, el('span', { class: 'state ' + p.state }, p.state),
        el('button', { class: paused ? 'resume' : 'pause',
          onclick: () => act('POST', '/api/pairs/' + encodeURIComponent(p.pair) + (paused ? '/resume' : '/pause'),
            a => p.pair + ' is ' + a.state.toLowerCase()) }, paused ? 'Resume' : 'Pause')),
      el('div', { class: 'muted' }, p.source.system + ' ' + p.source.entity + ' → ' + p.target.system + ' ' + p.target.table,
        ' · ', p.triggers.map(t => t.type + ' ' + t.endpoint).join(', ')),
      consumer(p.pair),
      el('div', { class: 'figures' },
        el('span', {}, 'written ', el('b', {}, p.counts.APPLIED)),
        el('span', {}, 'unchanged ', el('b', {}, p.counts.UNCHANGED + p.counts.STALE)),
        el('span', {}, 'quarantined ', el('b', {}, p.counts.QUARANTINED)),
        el('span', {}, 'dead letters ', el('b', {}, p.openDeadLetters)),
        el('span', {}, 'pending ', el('b', { class: 'pending' }, p.pending)),
        el('span', {}, 'lag ', el('b', {}, p.lagSeconds.toFixed(1) + ' s')),
        el('span', {}, 'held ', el('b', {}, p.counts.HELD)),
        el('span', {}, 'last hour ', el('b', { class: 'last-hour' }, lastHour))),
      chart(p.pair, minutes),
      el('div', { class: 'muted' }, 'events closed per minute, last 60 minutes (blue done, red failed); peak ',
        Math.max(0, ...minutes.map(m => m.done + m.failed)), '/min'));
  }));
  document.getElementById('pairs').replaceChildren(...cards);
}

async function renderDeadLetters() {
  const letters = await api('GET', '/api/dead-letters?status=open&limit=200');
  document.getElementById('dead-letter-count').textContent = '(' + letters.length + ')';
  const rows = letters.map(d => el('tr', { 'data-id': d.id, 'data-event-id': d.eventId },
    el('td', {}, d.id), el('td', {}, d.pair), el('td', {}, d.eventId), el('td', {}, d.sourceId), el('td', {}, d.step),
    el('td', { class: 'cause' }, d.exceptionMessage), el('td', {}, d.attempts), el('td', {}, when(d.lastFailedAt)),
    el('td', {},
      el('button', { class: 'replay', onclick: () => act('POST', '/api/dead-letters/' + d.id + '/replay',
        () => 'Dead letter ' + d.id + ' (event ' + d.eventId + ') is replaying') }, 'Replay'),
      el('button', { class: 'discard', onclick: () => {
        if (confirm('Discard dead letter ' + d.id + '? Its event will not be applied.')) {
          act('DELETE', '/api/dead-letters/' + d.id, () => 'Dead letter ' + d.id + ' discarded');
        }
      } }, 'Discard'))));
  document.querySelector('#dead-letters tbody').replaceChildren(...rows);
}

async function renderQuarantine() {
  const records = await api('GET', '/api/quarantine?status=OPEN&limit=100');
  document.getElementById('quarantine-count').textContent = '(' + records.length + ' newest open)';
  const rows = records.map(q => el('tr', { 'data-id': q.id, 'data-event-id': q.eventId },
    el('td', {}, q.id), el('td', {}, q.pair), el('td', {}, q.eventId), el('td', {}, q.sourceId),
    el('td', { class: 'cause' }, (q.reasons || []).map(r => r.field + ': ' + r.reason + (r.value != null ? ' (' + r.value + ')' : '')).join('; ')),
    el('td', {}, when(q.createdAt)),
    el('td', {},
      el('button', { class: 'release', onclick: () => act('POST', '/api/quarantine/' + q.id + '/release',
        () => 'Quarantined event ' + q.eventId + ' released to its pipeline') }, 'Release'),
      el('button', { class: 'discard', onclick: () => {
        if (confirm('Discard quarantine entry ' + q.id + '?')) {
          act('DELETE', '/api/quarantine/' + q.id, () => 'Quarantine entry ' + q.id + ' discarded');
        }
      } }, 'Discard'))));
  document.querySelector('#quarantine tbody').replaceChildren(...rows);
}

// Running runs first, each with a live progress bar, then the last run of every other pair.
async function renderRuns() {
  const [running, latest] = await Promise.all([
    api('GET', '/api/runs?status=running&limit=20'), api('GET', '/api/runs?latestPerPair=true')]);
  const shown = running.concat(latest.filter(r => !running.some(x => x.id === r.id)));
  document.getElementById('run-count').textContent = '(' + running.length + ' running)';
  const rows = shown.map(r => {
    const p = r.progress;
    let bar = '';
    if (r.status === 'RUNNING') {
      // Without a known total the bar has no value: indeterminate, it moves but claims no share.
      bar = el('progress', { class: 'run-progress', max: p.total || 100, 'aria-label': 'progress of run ' + r.id });
      if (p.total) bar.value = p.done;
    }
    const figures = p.done + (p.total ? ' / ' + p.total + ' rows (' + p.percent + '%)' : ' rows') + ', ' + p.rowsPerSecond + ' rows/s'
      + (p.etaSeconds != null ? ', about ' + p.etaSeconds + ' s left' : '');
    return el('tr', { 'data-run-id': r.id, class: r.status },
      el('td', {}, r.id), el('td', {}, r.pair), el('td', {}, r.kind), el('td', {}, r.trigger),
      el('td', {}, el('span', { class: 'state ' + r.status }, r.status)),
      el('td', {}, when(r.startedAt)),
      el('td', { class: 'progress-cell' }, bar, el('div', { class: 'muted' }, figures)),
      el('td', {}, 'written ' + r.counts.written + ', unchanged ' + r.counts.unchanged + ', failed ' + r.counts.failed),
      el('td', { class: 'cause' }, r.message));
  });
  document.querySelector('#runs tbody').replaceChildren(...rows);
}

// Manual conflicts of two-way pairs: the record waits until a person keeps one side's value.
async function renderConflicts() {
  const conflicts = await api('GET', '/api/conflicts?status=open&limit=100');
  document.getElementById('conflict-count').textContent = '(' + conflicts.length + ' open)';
  const keep = (c, system, value) => el('button', { class: 'keep', 'data-system': system,
    onclick: () => act('POST', '/api/conflicts/' + c.id + '/resolve',
      a => 'Conflict ' + c.id + ' (' + c.key + ' ' + c.field + '): ' + system + "'s value " + a.value + ' goes to both sides',
      { winner: system }) }, 'Keep ' + system + ' (' + value + ')');
  const rows = conflicts.map(c => el('tr', { 'data-id': c.id, 'data-key': c.key },
    el('td', {}, c.id), el('td', {}, c.pair), el('td', {}, c.key), el('td', {}, c.field),
    el('td', {}, c.leftSystem + ': ', el('b', {}, c.leftValue)),
    el('td', {}, c.rightSystem + ': ', el('b', {}, c.rightValue)),
    el('td', {}, c.baseValue), el('td', {}, when(c.createdAt)),
    el('td', {}, keep(c, c.leftSystem, c.leftValue), keep(c, c.rightSystem, c.rightValue))));
  document.querySelector('#conflicts tbody').replaceChildren(...rows);
}

// Deletes the mass-delete guard held: approve applies them on the other side, reject restores the records.
async function renderMassDeletes() {
  const holds = await api('GET', '/api/mass-deletes?status=held');
  document.getElementById('mass-delete-count').textContent = '(' + holds.length + ' held)';
  const rows = holds.map(h => el('tr', { 'data-id': h.id },
    el('td', {}, h.id), el('td', {}, h.pair), el('td', {}, h.system),
    el('td', {}, h.deletes + ' of ' + h.records + ' records (more than ' + Math.round(h.maxShare * 100) + '%)'),
    el('td', { class: 'cause' }, h.keys.slice(0, 10).join(', ') + (h.keys.length > 10 ? ', … ' + (h.keys.length - 10) + ' more' : '')),
    el('td', {}, when(h.createdAt)),
    el('td', {},
      el('button', { class: 'approve', onclick: () => {
        if (confirm('Approve: delete these ' + h.keys.length + ' records on the other side of ' + h.pair + '?')) {
          act('POST', '/api/mass-deletes/' + h.id + '/approve', a => 'Mass delete ' + h.id + ' approved: ' + a.resolved + ' of ' + a.records + ' applied');
        }
      } }, 'Approve'),
      el('button', { class: 'reject', onclick: () => act('POST', '/api/mass-deletes/' + h.id + '/reject',
        a => 'Mass delete ' + h.id + ' rejected: ' + a.resolved + ' of ' + a.records + ' records restored') }, 'Reject'))));
  document.querySelector('#mass-deletes tbody').replaceChildren(...rows);
}

async function refresh() {
  try {
    await Promise.all([renderPairs(), renderRuns(), renderDeadLetters(), renderQuarantine(), renderConflicts(), renderMassDeletes()]);
    document.getElementById('refreshed').textContent = 'updated ' + new Date().toLocaleTimeString();
  } catch (e) {
    document.getElementById('refreshed').textContent = 'not updated: ' + e.message;
  }
}

refresh();
setInterval(refresh, REFRESH_MS);
