// The podchain dashboard. The node pushes events (api/events, server-sent): "status" every few seconds (sync,
// readiness, network graph, peers) and "tip" for every new tip; the page fetches only what an event says changed.
// Relative URLs only, so the page works behind kubectl port-forward or any path prefix.
'use strict';

const state = { height: -1, self: null, peers: [], watched: new Map(), blocks: [] };
const NEWEST = 20;           // blocks listed in the chain view
const CHART_BLOCKS = 50;     // blocks in the difficulty / block-time chart

const $ = (selector) => document.querySelector(selector);
const short = (hex) => (hex && hex.length > 16 ? hex.slice(0, 16) + '…' : (hex ?? '-'));
const time = (millis) => (millis ? new Date(millis).toISOString().replace('T', ' ').replace('.000Z', 'Z') : '-');

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

function svg(tag, attributes = {}) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

async function api(path, options = {}) {
  const response = await fetch('api/' + path, options);
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) {
    // the node answers every error as problem+json: status, title, detail
    throw new Error(body ? `${body.status} ${body.title}: ${body.detail ?? ''}` : `HTTP ${response.status}`);
  }
  return body;
}

// --- views

for (const button of document.querySelectorAll('nav button')) {
  button.addEventListener('click', () => {
    document.querySelectorAll('nav button').forEach((b) => b.classList.toggle('active', b === button));
    document.querySelectorAll('.view').forEach((v) => v.classList.toggle('active', v.id === 'view-' + button.dataset.view));
  });
}

// --- network: a circle of nodes, an edge per measured connection, labelled with its latency

// A peer's state and readiness are what it reports of itself (its own api/sync, asked by this node): shown as its
// word, never used for anything; heights are what it proved to this node when it did, else what it claims.
function drawNetwork(graph, sync, readiness, peers, reports) {
  const byKey = new Map(peers.map((p) => [p.nodeKey, p]));
  const box = $('#network-graph');
  box.replaceChildren();
  const nodes = graph.nodes;
  const centre = { x: 300, y: 210 };
  const radius = nodes.length > 1 ? 150 : 0;
  const at = new Map(nodes.map((key, i) => {
    const angle = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
    return [key, { x: centre.x + radius * Math.cos(angle), y: centre.y + radius * Math.sin(angle) }];
  }));
  const drawn = new Set();
  for (const edge of graph.edges) {
    const pair = [edge.from, edge.to].sort().join('-');
    const a = at.get(edge.from), b = at.get(edge.to);
    if (!a || !b || drawn.has(pair)) continue;
    drawn.add(pair);
    // measured edges come first in the list, so a pair a peer also reports is drawn as this node measured it
    const line = svg('line', { x1: a.x, y1: a.y, x2: b.x, y2: b.y, class: edge.measured ? 'edge' : 'edge reported',
      'data-edge': pair,
      'stroke-width': Math.max(1, 4 - Math.log10(1 + edge.latencyMillis)) });
    const label = svg('text', { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 - 4, 'text-anchor': 'middle' });
    label.textContent = edge.latencyMillis.toFixed(1) + ' ms';
    box.append(line, label);
  }
  const rows = [];
  for (const key of nodes) {
    const p = at.get(key);
    const self = key === graph.self;
    const group = svg('g', { class: 'node' + (self ? ' self' : ''), 'data-node': key });
    group.append(svg('circle', { cx: p.x, cy: p.y, r: 18 }));
    const peer = byKey.get(key);
    const report = reports[key];
    const height = self ? sync.height : (report?.height ?? peer?.verifiedHeight ?? peer?.claimedHeight ?? '?');
    const label = svg('text', { x: p.x, y: p.y + 34, 'text-anchor': 'middle' });
    label.textContent = `${short(key).slice(0, 10)} · h${height}`;
    group.append(label);
    box.append(group);
    const nodeState = self ? sync.state : (report?.state ?? (peer ? peer.status : 'reported by a peer'));
    const ready = self ? readiness.status : (report ? (report.ready ? 'UP' : 'DOWN') + ' (its own word)' : '-');
    rows.push(el('tr', { 'data-node': key }, el('td', { class: 'hex' }, short(key) + (self ? ' (this node)' : '')),
      el('td', {}, height), el('td', { 'data-field': 'state' }, nodeState),
      el('td', { 'data-field': 'readiness' }, ready)));
  }
  $('#network-nodes tbody').replaceChildren(...rows);
  $('#network-summary').textContent = `${nodes.length} nodes, ${drawn.size} connections`;
}

// --- this node

function drawNode(status) {
  const { sync, readiness, peers } = status;
  const failing = (readiness.checks ?? []).filter((c) => c.status !== 'UP')
    .map((c) => `${c.name}${c.data?.failing ? ' (' + c.data.failing + ')' : ''}`);
  const fields = [
    ['readiness', readiness.status + (failing.length ? ' — failing: ' + failing.join(', ') : '')],
    ['sync state', sync.state], ['height', sync.height], ['best peer height (proved)', sync.bestPeerHeight],
    ['syncing from', sync.syncPeer ?? '-'], ['target height', sync.targetHeight ?? '-'], ['peers', sync.peers],
    ['pending messages', state.pending ?? '-'], ['next difficulty', state.difficulty ?? '-'],
  ];
  $('#node-status').replaceChildren(...fields.flatMap(([k, v]) => [el('dt', {}, k), el('dd', { 'data-field': k }, v)]));
  $('#node-key').textContent = short(status.network.self);
  $('#peers tbody').replaceChildren(...peers.map((p) => el('tr', { 'data-node': p.nodeKey },
    el('td', { class: 'hex' }, short(p.nodeKey)), el('td', {}, p.address ?? '-'), el('td', {}, p.status),
    el('td', {}, p.rttMillis == null ? '-' : p.rttMillis.toFixed(1) + ' ms'), el('td', {}, p.claimedHeight ?? '-'),
    el('td', {}, p.verifiedHeight ?? '-'), el('td', {}, p.misbehaviour), el('td', {}, p.bannedUntil ?? '-'))));
}

function drawChart(blocks) {
  const box = $('#block-chart');
  box.replaceChildren();
  const recent = blocks.filter((b) => b.height > 0).slice(-CHART_BLOCKS);
  if (recent.length < 2) return;
  const gaps = recent.slice(1).map((b, i) => Math.max(0, b.timestamp - recent[i].timestamp) / 1000);
  const difficulties = recent.slice(1).map((b) => b.difficulty);
  const line = (values, colour, label) => {
    const max = Math.max(...values, 1);
    const points = values.map((v, i) => `${20 + (560 * i) / Math.max(1, values.length - 1)},${140 - (120 * v) / max}`);
    box.append(svg('polyline', { points: points.join(' '), fill: 'none', stroke: colour, 'stroke-width': 2 }));
    const text = svg('text', { x: 24, y: colour === '#3b82f6' ? 14 : 28, fill: colour });
    text.textContent = `${label} (max ${max.toFixed(label.startsWith('block') ? 2 : 0)})`;
    box.append(text);
  };
  line(difficulties, '#3b82f6', 'difficulty, bits');
  line(gaps, '#f59e0b', 'block time, s');
}

// --- chain

async function loadChain() {
  const chain = await api('chain');
  state.pending = chain.pendingMessages;
  state.difficulty = chain.difficulty;
  $('#chain-summary').textContent = `height ${chain.height}, tip ${short(chain.tipHash)}, ${chain.pendingMessages} pending`;
  const from = Math.max(0, chain.height - Math.max(NEWEST, CHART_BLOCKS) + 1);
  const page = await api(`blocks?fromHeight=${from}&limit=${Math.max(NEWEST, CHART_BLOCKS)}`);
  state.blocks = page.blocks;
  state.height = chain.height;
  const shown = new Set([...document.querySelectorAll('#blocks tbody tr')].map((r) => r.dataset.hash));
  const rows = page.blocks.slice(-NEWEST).reverse().map((b) => {
    const row = el('tr', { 'data-height': b.height, 'data-hash': b.hash, class: shown.size && !shown.has(b.hash) ? 'new' : '' },
      el('td', {}, b.height), el('td', { class: 'hex' }, short(b.hash)), el('td', {}, time(b.timestamp)),
      el('td', {}, b.messages.length), el('td', { class: 'hex' }, short(b.miner)));
    row.addEventListener('click', () => showBlock(b));
    return row;
  });
  $('#blocks tbody').replaceChildren(...rows);
  drawChart(state.blocks);
  await refreshWatched();
}

function messageTable(messages) {
  return el('table', {}, el('thead', {}, el('tr', {}, el('th', {}, 'id'), el('th', {}, 'status'), el('th', {}, 'sender'),
    el('th', {}, 'recipient'), el('th', {}, 'content'))),
  el('tbody', {}, ...messages.map((m) => el('tr', { 'data-message': m.id }, el('td', { class: 'hex' }, short(m.id)),
    el('td', { class: 'status-' + (m.status ?? 'CONFIRMED') }, m.status ?? 'CONFIRMED'),
    el('td', { class: 'hex' }, short(m.sender)), el('td', {}, m.recipient), el('td', {}, m.content)))));
}

function showBlock(block) {
  $('#search-result').replaceChildren(el('h3', {}, `Block ${block.height}`),
    el('p', { class: 'hex' }, block.hash), el('p', {}, `${time(block.timestamp)}, difficulty ${block.difficulty},`
      + ` miner ${short(block.miner)}, ${block.mainChain === false ? 'side branch' : 'main chain'}`),
    messageTable(block.messages));
}

function showMessage(status) {
  const m = status.message;
  $('#search-result').replaceChildren(el('h3', {}, 'Message'), messageTable([{ ...m, id: status.id, status: status.status }]),
    el('p', {}, status.status === 'CONFIRMED'
      ? `in block ${status.height} (${short(status.blockHash)}), ${status.confirmations} confirmations` : 'not in a block yet'));
}

async function search(text) {
  const query = text.trim();
  try {
    if (/^\d{1,18}$/.test(query)) return showBlock(await api('blocks/' + query));
    if (/^[0-9a-fA-F]{64}$/.test(query)) {
      try {
        return showBlock(await api('blocks/' + query));
      } catch (notABlock) {
        return showMessage(await api('messages/' + query));
      }
    }
    const history = await api('messages?party=' + encodeURIComponent(query) + '&limit=50');
    $('#search-result').replaceChildren(el('h3', {}, `${history.total} messages of ${short(query)}`),
      messageTable(history.items.map((i) => ({ ...i.message, id: i.id, status: i.status }))));
  } catch (failure) {
    $('#search-result').replaceChildren(el('p', { class: 'error' }, failure.message));
  }
}

$('#search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  search($('#search').value);
});

// --- send (node-signed: an operator action)

$('#send-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const headers = { 'Content-Type': 'application/json' };
  const token = $('#send-token').value;
  if (token) headers.Authorization = 'Bearer ' + token;
  try {
    const status = await api('messages', { method: 'POST', headers,
      body: JSON.stringify({ recipient: $('#send-recipient').value, content: $('#send-content').value }) });
    state.watched.set(status.id, status.status);
    renderWatched();
  } catch (failure) {
    $('#send-result').replaceChildren(el('p', { class: 'error' }, failure.message));
  }
});

function renderWatched() {
  $('#send-result').replaceChildren(...[...state.watched].map(([id, status]) => el('p', { 'data-message': id },
    'message ', el('span', { class: 'hex' }, short(id)), ': ', el('span', { class: 'status-' + status, 'data-status': status }, status))));
}

async function refreshWatched() {
  for (const [id, status] of state.watched) {
    if (status === 'CONFIRMED') continue;
    try {
      state.watched.set(id, (await api('messages/' + id)).status);
    } catch (ignored) { /* shown as it was */ }
  }
  renderWatched();
}

// --- live updates

// EventSource retries on its own after a dropped connection, but not after a refusal (a 429 or 503 when the node
// serves as many streams as it will): then the page reconnects itself, waiting longer each time (up to a minute,
// with jitter so that many pages refused together do not come back together).
let reconnectDelay = 1000;

function connect() {
  const events = new EventSource('api/events');
  events.onopen = () => {
    reconnectDelay = 1000;
    $('#connection').dataset.state = 'live';
    $('#connection').textContent = 'live';
  };
  events.onerror = () => {
    $('#connection').dataset.state = 'lost';
    $('#connection').textContent = 'reconnecting…';
    if (events.readyState === EventSource.CLOSED) {
      setTimeout(connect, reconnectDelay * (0.75 + Math.random() / 2));
      reconnectDelay = Math.min(60000, reconnectDelay * 2);
    }
  };
  events.onmessage = async (message) => {
    const event = JSON.parse(message.data);
    if (event.type === 'status') {
      const { sync, readiness, network, peers, peerReports } = event.data;
      drawNetwork(network, sync, readiness, peers, peerReports ?? {});
      drawNode(event.data);
    } else if (event.type === 'tip') {
      await loadChain(); // a new block, or another tip at the same height (a reorganisation, a tie decided)
    }
  };
}

loadChain().catch((failure) => $('#chain-summary').replaceChildren(el('span', { class: 'error' }, failure.message)));
connect();
