// The Vigil console's dashboard, search and detail pages. Plain modern JavaScript, no build step:
// the console serves this file, the page and ECharts from its own jar.
'use strict';

const ZONE = 'Asia/Shanghai';

// Report categories (DESIGN §11): the figures a traffic police report needs, in report order.
const CATEGORIES = [
  ['违法停车', 'Illegal parking', ['ILLEGAL_PARKING']],
  ['闯红灯', 'Red light', ['RED_LIGHT']],
  ['不按规定车道', 'Wrong lane', ['WRONG_LANE']],
  ['逆行', 'Wrong way', ['WRONG_WAY']],
  ['超速', 'Speeding', ['SPEEDING', 'SECTION_SPEEDING']],
  ['违反禁令标志', 'Banned turn', ['PROHIBITED_TURN']],
  ['不礼让行人', 'Not yielding', ['NOT_YIELDING_TO_PEDESTRIAN']],
  ['行人违法', 'Pedestrians', ['PEDESTRIAN_RED_LIGHT']],
  ['非机动车违法', 'Non-motor', ['NON_MOTOR_RED_LIGHT']],
];

const TYPES = {
  RED_LIGHT: ['闯红灯', 'Red light'],
  WRONG_LANE: ['不按规定车道行驶', 'Wrong lane'],
  WRONG_WAY: ['逆行', 'Wrong way'],
  PROHIBITED_TURN: ['违反禁令标志', 'Banned turn'],
  SPEEDING: ['超速', 'Speeding'],
  SECTION_SPEEDING: ['区间超速', 'Section speeding'],
  ILLEGAL_PARKING: ['违法停车', 'Illegal parking'],
  NOT_YIELDING_TO_PEDESTRIAN: ['不礼让行人', 'Not yielding to pedestrians'],
  NON_MOTOR_RED_LIGHT: ['非机动车闯红灯', 'Non-motor red light'],
  PEDESTRIAN_RED_LIGHT: ['行人闯红灯', 'Pedestrian red light'],
};
const STATUSES = { CONFIRMED: ['已确认', 'Confirmed'], REVIEW: ['待审核', 'Review'], REJECTED: ['不予处罚', 'Rejected'] };
const REASONS = {
  EXEMPT_VEHICLE: ['特种车辆豁免', 'Exempt vehicle'],
  PLATE_UNREADABLE: ['号牌无法识别', 'Plate unreadable'],
  LOW_PLATE_CONFIDENCE: ['号牌识别置信度低', 'Low plate confidence'],
  INSUFFICIENT_EVIDENCE: ['证据图片不足', 'Insufficient evidence'],
  LOW_RESOLUTION: ['图片分辨率不足', 'Low resolution'],
  NO_AUTOMATIC_PENALTY: ['不自动处罚', 'No automatic penalty'],
};
const ALERTS = {
  HOTLIST_HIT: ['布控命中', 'Hotlist hit'],
  REPEAT_OFFENDER: ['多次违法', 'Repeat offender'],
  CLONED_PLATE_SUSPECT: ['疑似套牌', 'Cloned plate suspect'],
  DEVICE_SILENT: ['设备无数据', 'Device silent'],
  DEVICE_RECOVERED: ['设备恢复', 'Device recovered'],
};
const TEXT = {
  brand: ['Vigil 交通违法监控', 'Vigil traffic violations'],
  'nav.dashboard': ['总览', 'Dashboard'],
  'nav.search': ['违法查询', 'Search'],
  'live.on': ['实时', 'Live'],
  'live.off': ['未连接', 'Offline'],
  logout: ['退出', 'Sign out'],
  'login.title': ['登录', 'Sign in'],
  'login.user': ['用户名', 'User'],
  'login.password': ['密码', 'Password'],
  'login.submit': ['登录', 'Sign in'],
  'login.failed': ['用户名或密码错误', 'Wrong user or password'],
  'login.limited': ['尝试次数过多，请一分钟后再试', 'Too many attempts; try again in a minute'],
  'today.total': ['今日违法总数', 'Violations today'],
  'trend.title': ['近24小时趋势', 'Last 24 hours'],
  'trend.series': ['违法数', 'Violations'],
  'map.title': ['设备分布（今日违法数）', 'Devices (violations today)'],
  'top.devices': ['违法最多的设备', 'Top devices'],
  'top.roads': ['违法最多的道路', 'Top roads'],
  'alerts.title': ['实时预警', 'Alerts'],
  'alerts.none': ['暂无预警', 'No alerts'],
  'f.plate': ['号牌', 'Plate'],
  'f.platePrefix': ['号牌前缀', 'Plate prefix'],
  'f.type': ['违法类型', 'Type'],
  'f.status': ['状态', 'Status'],
  'f.district': ['区域', 'District'],
  'f.road': ['道路', 'Road'],
  'f.deviceId': ['设备编号', 'Device'],
  'f.from': ['开始时间', 'From'],
  'f.to': ['结束时间', 'To'],
  'f.any': ['全部', 'Any'],
  'search.submit': ['查询', 'Search'],
  'search.csv': ['导出 CSV', 'Export CSV'],
  'search.none': ['没有符合条件的违法记录', 'No violations match'],
  'search.more': ['下一页', 'Next page'],
  'col.time': ['时间', 'Time'],
  'col.plate': ['号牌', 'Plate'],
  'col.type': ['违法类型', 'Type'],
  'col.status': ['状态', 'Status'],
  'col.device': ['设备', 'Device'],
  'col.road': ['道路', 'Road'],
  'col.district': ['区域', 'District'],
  'detail.back': ['返回查询', 'Back to search'],
  'detail.reasons': ['原因', 'Reasons'],
  'detail.noReasons': ['无（自动确认）', 'None (confirmed automatically)'],
  'detail.evidence': ['证据图片', 'Evidence'],
  'detail.noEvidence': ['无证据图片', 'No evidence images'],
  'detail.notStored': ['图片不在证据库中', 'Image not in the evidence store'],
  'd.violationId': ['违法编号', 'Violation id'],
  'd.revision': ['版本', 'Revision'],
  'd.code': ['违法代码', 'Code'],
  'd.description': ['违法行为', 'Description'],
  'd.plate': ['号牌', 'Plate'],
  'd.eventTime': ['违法时间', 'Time'],
  'd.place': ['地点', 'Place'],
  'd.devices': ['设备', 'Devices'],
  'd.speed': ['车速 / 限速', 'Speed / limit'],
  'd.penalty': ['罚款 / 记分', 'Fine / points'],
  'd.sources': ['来源事件', 'Source events'],
  'd.detectedAt': ['识别时间', 'Detected at'],
};

const state = {
  lang: localStorage.getItem('vigil.lang') || 'zh',
  devices: new Map(),
  stream: null,
  refreshTimer: null,
  charts: {},
  next: null,
  query: null,
};

function t(key) {
  const pair = TEXT[key];
  return pair ? pair[state.lang === 'zh' ? 0 : 1] : key;
}

function label(table, key) {
  const pair = table[key];
  return pair ? pair[state.lang === 'zh' ? 0 : 1] : key;
}

function $(id) {
  return document.getElementById(id);
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// ---- time ----

function formatTime(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(state.lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  }).format(new Date(iso));
}

// Midnight of today in Asia/Shanghai, as RFC 3339 with its offset.
function todayStart() {
  const shanghai = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  return shanghai + 'T00:00:00+08:00';
}

// A datetime-local input's value read as Asia/Shanghai time.
function localInput(value) {
  return value ? value + (value.length === 16 ? ':00' : '') + '+08:00' : null;
}

// ---- API ----

class Unauthenticated extends Error {}

async function api(path, params) {
  const url = new URL(path, location.origin);
  for (const [name, value] of Object.entries(params || {})) {
    if (value !== null && value !== undefined && value !== '') url.searchParams.set(name, value);
  }
  const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 401) throw new Unauthenticated();
  const body = await response.json();
  if (!response.ok) throw new Error(body.parameter ? `${body.parameter}: ${body.detail}` : body.detail || response.statusText);
  return body;
}

function showError(error) {
  if (error instanceof Unauthenticated) {
    showLogin();
    return;
  }
  const box = $('error');
  box.textContent = String(error.message || error);
  box.hidden = false;
}

// ---- language ----

function applyLanguage() {
  document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('brand');
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  $('lang').textContent = state.lang === 'zh' ? 'English' : '中文';
  fillSelect($('search-type'), TYPES);
  fillSelect($('search-status'), STATUSES);
  $('live').textContent = t(state.stream && state.stream.readyState === EventSource.OPEN ? 'live.on' : 'live.off');
}

function fillSelect(select, table) {
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '' }, t('f.any')));
  for (const key of Object.keys(table)) select.append(el('option', { value: key }, label(table, key)));
  select.value = chosen;
}

// ---- sign-in ----

function showLogin() {
  closeStream();
  showView('login');
  $('logout').hidden = true;
}

async function signIn(event) {
  event.preventDefault();
  const response = await fetch('/api/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: $('login-user').value, password: $('login-password').value }),
  });
  if (!response.ok) {
    $('login-error').textContent = t(response.status === 429 ? 'login.limited' : 'login.failed');
    return;
  }
  $('login-error').textContent = '';
  $('login-password').value = '';
  route();
}

async function signOut() {
  await fetch('/api/logout', { method: 'POST', credentials: 'same-origin' });
  showLogin();
}

// ---- views ----

function showView(name) {
  for (const view of document.querySelectorAll('.view')) view.hidden = view.id !== 'view-' + name;
  $('nav-dashboard').classList.toggle('active', name === 'dashboard');
  $('nav-search').classList.toggle('active', name === 'search' || name === 'detail');
  $('error').hidden = true;
}

async function route() {
  try {
    await api('/api/me');
  } catch (error) {
    showError(error);
    return;
  }
  $('logout').hidden = false;
  const hash = location.hash || '#/';
  if (hash.startsWith('#/violation/')) {
    closeStream();
    showView('detail');
    await showDetail(decodeURIComponent(hash.slice('#/violation/'.length)));
  } else if (hash.startsWith('#/search')) {
    closeStream();
    showView('search');
    const params = new URLSearchParams(hash.slice('#/search'.length).replace(/^\?/, ''));
    fillForm(params);
    if ([...params.keys()].length > 0) await search(params);
  } else {
    showView('dashboard');
    await dashboard();
  }
}

// ---- dashboard ----

async function dashboard() {
  try {
    if (state.devices.size === 0) {
      const answer = await api('/api/devices');
      for (const device of answer.devices) state.devices.set(device.id, device);
    }
    await refresh();
    await loadAlerts();
    openStream();
  } catch (error) {
    showError(error);
  }
}

async function refresh() {
  const from = todayStart();
  const dayAgo = new Date(Date.now() - 24 * 3600e3).toISOString();
  const [byType, byDevice, trend] = await Promise.all([
    api('/api/stats', { from, by: 'type' }),
    api('/api/stats', { from, by: 'deviceId' }),
    api('/api/stats', { from: dayAgo, by: 'type', interval: 'hour' }),
  ]);
  showCounts(byType);
  showTrend(trend);
  showMap(byDevice);
  showTops(byDevice);
}

function showCounts(stats) {
  const byType = new Map(stats.groups.map((g) => [g.key, g.count]));
  setCount($('count-total'), stats.total);
  const cards = $('category-cards');
  if (cards.children.length !== CATEGORIES.length) {
    cards.replaceChildren(...CATEGORIES.map(([zh]) =>
      el('div', { class: 'card category', 'data-category': zh }, el('div', { class: 'label' }), el('div', { class: 'value' }, '0'))));
  }
  CATEGORIES.forEach(([zh, en, types], i) => {
    const card = cards.children[i];
    card.querySelector('.label').textContent = state.lang === 'zh' ? zh : en;
    setCount(card.querySelector('.value'), types.reduce((sum, type) => sum + (byType.get(type) || 0), 0));
  });
}

function setCount(node, value) {
  const text = String(value);
  if (node.textContent !== text) {
    node.textContent = text;
    node.classList.remove('flash');
    void node.offsetWidth; // restart the animation
    node.classList.add('flash');
  }
}

function chart(id) {
  if (!state.charts[id]) {
    state.charts[id] = echarts.init($(id), 'dark', { renderer: 'canvas' });
    window.addEventListener('resize', () => state.charts[id].resize());
  }
  return state.charts[id];
}

function showTrend(stats) {
  const hourOf = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const hours = stats.buckets.map((b) => hourOf.format(new Date(b.start)));
  chart('trend-chart').setOption({
    backgroundColor: 'transparent',
    grid: { left: 50, right: 16, top: 20, bottom: 30 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: hours },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: t('trend.series'), type: 'bar', data: stats.buckets.map((b) => b.count), itemStyle: { color: '#3da5ff' } }],
  });
}

// Devices drawn where the registry says they stand, sized by today's count; no map tiles.
function showMap(stats) {
  const counts = new Map(stats.groups.map((g) => [g.key, g.count]));
  const points = [...state.devices.values()].map((d) => ({
    name: d.name || d.id,
    value: [d.lon, d.lat, counts.get(d.id) || 0],
    device: d,
  }));
  const max = Math.max(1, ...points.map((p) => p.value[2]));
  chart('device-map').setOption({
    backgroundColor: 'transparent',
    grid: { left: 10, right: 10, top: 10, bottom: 10, containLabel: false },
    tooltip: {
      formatter: (p) => `${p.data.name}<br>${p.data.device.road || ''} ${p.data.device.district || ''}<br>${p.data.value[2]}`,
    },
    xAxis: { type: 'value', scale: true, show: false },
    yAxis: { type: 'value', scale: true, show: false },
    series: [{
      type: 'scatter',
      data: points,
      symbolSize: (value) => 6 + 30 * Math.sqrt(value[2] / max),
      itemStyle: { color: '#ffb020', opacity: 0.8 },
    }],
  });
  $('device-map').dataset.devices = String(points.length);
}

function showTops(stats) {
  const top = stats.groups.slice().sort((a, b) => b.count - a.count).slice(0, 10);
  $('top-devices').replaceChildren(...top.map((g) => {
    const device = state.devices.get(g.key);
    return el('li', { 'data-device': g.key }, el('span', {}, device && device.name ? `${device.name} (${g.key})` : g.key),
      el('b', {}, g.count));
  }));
  const roads = new Map();
  for (const g of stats.groups) {
    const device = state.devices.get(g.key);
    const road = device && device.road ? device.road : '—';
    roads.set(road, (roads.get(road) || 0) + g.count);
  }
  const topRoads = [...roads.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
  $('top-roads').replaceChildren(...topRoads.map(([road, count]) => el('li', { 'data-road': road }, el('span', {}, road), el('b', {}, count))));
}

async function loadAlerts() {
  const answer = await api('/api/alerts', { size: 30 });
  $('alert-feed').replaceChildren(...answer.alerts.map(alertItem));
  if (answer.alerts.length === 0) $('alert-feed').append(el('li', { class: 'muted empty' }, t('alerts.none')));
}

function alertItem(alert) {
  const device = alert.deviceId ? state.devices.get(alert.deviceId) : null;
  const subject = alert.plate || (device && device.name ? device.name : alert.deviceId) || '';
  const link = alert.plate ? el('a', { href: '#/search?plate=' + encodeURIComponent(alert.plate) }, subject) : subject;
  return el('li', { 'data-alert': alert.alertId },
    el('span', { class: 'kind kind-' + alert.kind }, label(ALERTS, alert.kind)),
    el('span', { class: 'muted' }, formatTime(alert.eventTime)),
    el('span', {}, link));
}

// The live stream: a stat means counts changed (refetched at most every 2 s); an alert goes on top
// of the feed. EventSource reconnects by itself, sending Last-Event-ID, so nothing is lost or repeated.
function openStream() {
  if (state.stream) return;
  const stream = new EventSource('/api/stream');
  state.stream = stream;
  stream.onopen = () => { $('live').className = 'live on'; $('live').textContent = t('live.on'); };
  stream.onerror = () => { $('live').className = 'live off'; $('live').textContent = t('live.off'); };
  stream.addEventListener('stat', () => {
    if (state.refreshTimer) return;
    state.refreshTimer = setTimeout(() => {
      state.refreshTimer = null;
      refresh().catch(showError);
    }, 2000);
  });
  stream.addEventListener('alert', (event) => {
    const alert = JSON.parse(event.data);
    const feed = $('alert-feed');
    feed.querySelector('.empty')?.remove();
    if (feed.querySelector(`[data-alert="${alert.alertId}"]`)) return;
    feed.prepend(alertItem(alert));
    while (feed.children.length > 100) feed.lastChild.remove();
  });
}

function closeStream() {
  if (state.stream) {
    state.stream.close();
    state.stream = null;
    $('live').className = 'live off';
    $('live').textContent = t('live.off');
  }
}

// ---- search ----

const SEARCH_FIELDS = ['plate', 'platePrefix', 'type', 'status', 'district', 'road', 'deviceId', 'from', 'to'];

function fillForm(params) {
  const form = $('search-form');
  for (const name of SEARCH_FIELDS) form.elements[name].value = params.get(name) || '';
}

function formParams() {
  const form = $('search-form');
  const params = new URLSearchParams();
  for (const name of SEARCH_FIELDS) {
    const value = form.elements[name].value.trim();
    if (value) params.set(name, value);
  }
  return params;
}

function apiParams(params) {
  const query = {};
  for (const [name, value] of params) query[name] = name === 'from' || name === 'to' ? localInput(value) : value;
  return query;
}

async function search(params, after) {
  try {
    const query = apiParams(params);
    const csv = new URL('/api/violations', location.origin);
    for (const [name, value] of Object.entries(query)) csv.searchParams.set(name, value);
    csv.searchParams.set('format', 'csv');
    $('search-csv').href = csv.pathname + csv.search;
    const answer = await api('/api/violations', { ...query, size: 50, after });
    const body = $('results-body');
    if (!after) body.replaceChildren();
    for (const v of answer.violations) body.append(resultRow(v));
    $('results-empty').hidden = body.children.length > 0;
    state.next = answer.next;
    state.query = params;
    $('results-more').hidden = !answer.next;
  } catch (error) {
    showError(error);
  }
}

function resultRow(v) {
  const row = el('tr', { 'data-id': v.violationId },
    el('td', {}, formatTime(v.eventTime)),
    el('td', { class: 'plate' }, v.plate ? v.plate.number : '—'),
    el('td', {}, label(TYPES, v.type)),
    el('td', {}, el('span', { class: 'status status-' + v.status }, label(STATUSES, v.status))),
    el('td', {}, deviceName(v.deviceIds[0])),
    el('td', {}, v.road || ''),
    el('td', {}, v.district || ''));
  row.addEventListener('click', () => { location.hash = '#/violation/' + v.violationId; });
  return row;
}

function deviceName(id) {
  const device = state.devices.get(id);
  return device && device.name ? device.name : id;
}

// ---- detail ----

async function showDetail(id) {
  try {
    if (state.devices.size === 0) {
      const answer = await api('/api/devices').catch(() => ({ devices: [] }));
      for (const device of answer.devices) state.devices.set(device.id, device);
    }
    const v = await api('/api/violations/' + encodeURIComponent(id));
    $('detail-type').textContent = label(TYPES, v.type);
    const status = $('detail-status');
    status.className = 'status status-' + v.status;
    status.textContent = label(STATUSES, v.status);
    const fields = [
      ['d.violationId', v.violationId],
      ['d.revision', v.revision],
      ['d.code', v.code],
      ['d.description', v.description],
      ['d.plate', v.plate ? `${v.plate.number}${v.plate.color ? ' · ' + v.plate.color : ''}` : null],
      ['d.eventTime', formatTime(v.eventTime)],
      ['d.place', [v.road, v.district].filter(Boolean).join(' · ')],
      ['d.devices', v.deviceIds.map(deviceName).join(', ')],
      ['d.speed', v.speedKmh != null ? `${v.speedKmh} / ${v.limitKmh ?? '–'} km/h${v.overPercent != null ? ` (+${v.overPercent}%)` : ''}` : null],
      ['d.penalty', v.fineYuan != null ? `¥${v.fineYuan} / ${v.points ?? 0}` : null],
      ['d.sources', v.sourceEventIds.join(', ')],
      ['d.detectedAt', formatTime(v.detectedAt)],
    ];
    $('detail-fields').replaceChildren(...fields.filter(([, value]) => value !== null && value !== undefined && value !== '')
      .flatMap(([key, value]) => [el('dt', {}, t(key)), el('dd', { 'data-field': key.slice(2) }, value)]));
    $('detail-reasons').replaceChildren(...(v.reasons.length ? v.reasons.map((r) => el('li', { 'data-reason': r }, label(REASONS, r)))
      : [el('li', { class: 'muted' }, t('detail.noReasons'))]));
    $('detail-evidence').replaceChildren(...(v.evidence.length ? v.evidence.map(evidenceFigure)
      : [el('p', { class: 'muted' }, t('detail.noEvidence'))]));
  } catch (error) {
    showError(error);
  }
}

// An image the evidence store holds is shown from it; one kept elsewhere is named by its address.
function evidenceFigure(image) {
  const caption = el('figcaption', {}, [image.role, image.width && image.height ? `${image.width}×${image.height}` : null]
    .filter(Boolean).join(' · '));
  if (!image.sha256) return el('figure', { class: 'external' }, el('a', { href: image.uri, rel: 'noreferrer' }, image.uri), caption);
  const img = el('img', { src: '/api/evidence/' + image.sha256, alt: image.role || 'evidence', 'data-sha256': image.sha256 });
  const figure = el('figure', {}, img, caption);
  img.addEventListener('error', () => {
    img.replaceWith(el('p', { class: 'muted missing' }, t('detail.notStored')));
    caption.append(el('br'), image.uri);
  });
  return figure;
}

// ---- start ----

window.addEventListener('DOMContentLoaded', () => {
  $('lang').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    localStorage.setItem('vigil.lang', state.lang);
    applyLanguage();
    route();
  });
  $('logout').addEventListener('click', signOut);
  $('login-form').addEventListener('submit', signIn);
  $('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const params = formParams();
    const target = '#/search' + (params.toString() ? '?' + params : '');
    if (location.hash === target) search(params);
    else location.hash = target;
  });
  $('results-more').addEventListener('click', () => search(state.query, state.next));
  window.addEventListener('hashchange', route);
  applyLanguage();
  route();
});
