/*
 * fleetcache monitor: the live dashboard. Polls /dashboard/api/snapshot (first the last hour, then only what came
 * after the newest point it holds) and draws the series with Chart.js (window.Chart, from chart.umd.js), updating
 * the charts in place. Plain browser JavaScript, no build step; loaded with `defer` after chart.umd.js. The page's
 * Content-Security-Policy allows no inline script or style: everything here works through the DOM and CSSOM.
 */
(function () {
  'use strict';

  const SNAPSHOT_URL = '/dashboard/api/snapshot';
  /** A snapshot that takes longer than this fails (and the banner says so). */
  const FETCH_TIMEOUT_MS = 5000;
  /**
   * Each poll asks again for this much before the newest point held: the collector stamps a round's points when
   * it starts sampling and may write them after a snapshot was taken. Points already held are skipped.
   */
  const OVERLAP_MS = 30000;
  const STATE_VALUES = { OK: 0, INSUFFICIENT_DATA: 1, ALARM: 2 };
  const STATE_NAMES = ['OK', 'INSUFFICIENT_DATA', 'ALARM'];
  const PALETTE = [
    '#2563eb',
    '#dc2626',
    '#16a34a',
    '#d97706',
    '#7c3aed',
    '#0891b2',
    '#db2777',
    '#65a30d',
    '#4b5563',
    '#ea580c',
    '#0d9488',
    '#9333ea',
  ];

  /** The charts and the series each one draws: `source` and `metric` select, `label` names a series. */
  const PANELS = [
    {
      id: 'hit-rate',
      unit: '%',
      max: 100,
      series: [
        { source: 'engine', metric: 'CacheHitRate', label: nodeLabel },
        { source: 'app', metric: 'CacheHitRate', label: (s) => `entity ${s.entity || 'all'}` },
      ],
    },
    {
      id: 'latency',
      unit: 'µs',
      series: [
        { source: 'engine', metric: 'GetTypeCmdsLatency', label: (s) => `GET ${nodeLabel(s)}` },
        { source: 'engine', metric: 'SetTypeCmdsLatency', label: (s) => `SET ${nodeLabel(s)}` },
      ],
    },
    { id: 'evictions', unit: '', series: [{ source: 'engine', metric: 'Evictions', label: nodeLabel }] },
    {
      id: 'memory',
      unit: '%',
      max: 100,
      series: [{ source: 'engine', metric: 'DatabaseMemoryUsagePercentage', label: nodeLabel }],
    },
    {
      id: 'replication-lag',
      unit: 's',
      series: [{ source: 'engine', metric: 'ReplicationLag', label: nodeLabel }],
    },
    {
      id: 'connections',
      unit: '',
      series: [{ source: 'engine', metric: 'CurrConnections', label: nodeLabel }],
    },
    {
      id: 'pipeline',
      unit: '',
      series: [
        { source: 'app', metric: 'OutboxBacklog', label: (s) => `outbox backlog ${dimensions(s) || 'all'}` },
        { source: 'app', metric: 'WarmerLagP99', label: (s) => `warmer lag p99, s ${dimensions(s)}`.trim() },
      ],
    },
  ];

  const state = {
    /** series id -> { key, points: [{ x, y }] }, oldest first. */
    series: new Map(),
    /** alarm name -> [{ x, y }]: its state when the page saw it (and since its last change). */
    alarmHistory: new Map(),
    newestPointAt: 0,
    refreshMs: 2000,
    windowMs: 3600000,
    charts: new Map(),
    alarmChart: undefined,
  };

  function nodeLabel(s) {
    const node =
      s.node === 'all' ? `all nodes${s.engine ? ` (${s.engine})` : ''}` : s.node || s.engine || '?';
    return s.role && s.node !== 'all' ? `${node} ${s.role}` : node;
  }

  /** The dimensions of an app series (entity and whatever else names it). */
  function dimensions(s) {
    return [s.entity, s.node, s.role].filter(Boolean).join(' ');
  }

  /** A series' color in `chart`: the next of the palette the first time the chart draws it, then always that one. */
  function colorOf(chart, seriesId) {
    const colors = chart.$seriesColors || (chart.$seriesColors = new Map());
    let color = colors.get(seriesId);
    if (!color) {
      color = PALETTE[colors.size % PALETTE.length];
      colors.set(seriesId, color);
    }
    return color;
  }

  /** A tick spacing that gives at most 7 ticks over `span` ms, on whole clock units. */
  function tickStep(span) {
    const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200].map((s) => s * 1000);
    return steps.find((step) => span / step <= 7) || steps[steps.length - 1];
  }

  function formatTime(ms, withSeconds) {
    const options = { hour: '2-digit', minute: '2-digit', hour12: false };
    if (withSeconds) options.second = '2-digit';
    return new Date(ms).toLocaleTimeString([], options);
  }

  function formatValue(value, unit) {
    const rounded = Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100;
    return unit ? `${rounded} ${unit}` : String(rounded);
  }

  /** A line chart over a linear time axis (unix ms, formatted as clock time: no date adapter needed). */
  function createChart(canvas, unit, yAxis, labelOf) {
    return new window.Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', intersect: false },
        elements: { point: { radius: 0, hitRadius: 6 }, line: { borderWidth: 1.5 } },
        scales: {
          x: {
            type: 'linear',
            ticks: {
              maxTicksLimit: 8,
              includeBounds: false,
              callback(value) {
                return formatTime(value, this.options.ticks.stepSize < 60000);
              },
            },
          },
          y: Object.assign({ beginAtZero: true }, yAxis),
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 10, boxHeight: 10 } },
          tooltip: {
            callbacks: {
              title: (items) => (items.length ? formatTime(items[0].parsed.x, true) : ''),
              label: (item) =>
                `${item.dataset.label}: ${labelOf ? labelOf(item.parsed.y) : formatValue(item.parsed.y, unit)}`,
            },
          },
        },
      },
    });
  }

  function setEmpty(section, empty) {
    const note = section.querySelector('.empty');
    if (note) note.hidden = !empty;
  }

  /** Gives `chart` these datasets (by series id: a kept dataset keeps its object), over [from, to]. */
  function setDatasets(chart, wanted, from, to) {
    const previous = new Map(chart.data.datasets.map((dataset) => [dataset.seriesId, dataset]));
    chart.data.datasets = wanted.map((item) => {
      const dataset = previous.get(item.id) || {
        seriesId: item.id,
        borderColor: colorOf(chart, item.id),
        backgroundColor: colorOf(chart, item.id),
        stepped: item.stepped || false,
      };
      dataset.label = item.label;
      dataset.data = item.points.slice();
      return dataset;
    });
    const x = chart.options.scales.x;
    x.min = from;
    x.max = to;
    x.ticks.stepSize = tickStep(to - from);
    chart.update('none');
  }

  /**
   * The time range every chart draws: up to the server's `now`, from the oldest point held (at most a window back,
   * at least a minute): a monitor that just started fills its charts instead of drawing in a corner of the hour.
   */
  function timeRange(now) {
    let oldest = now;
    for (const series of state.series.values())
      if (series.points.length) oldest = Math.min(oldest, series.points[0].x);
    return { from: Math.min(now - 60000, Math.max(now - state.windowMs, oldest)), to: now };
  }

  function renderPanels(now) {
    const { from } = timeRange(now);
    for (const panel of PANELS) {
      const entry = state.charts.get(panel.id);
      if (!entry) continue;
      const wanted = [];
      for (const series of state.series.values()) {
        if (series.points.length === 0) continue;
        const spec = panel.series.find(
          (s) => s.source === series.key.source && s.metric === series.key.metric,
        );
        if (spec) wanted.push({ id: series.key.id, label: spec.label(series.key), points: series.points });
      }
      wanted.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
      setDatasets(entry.chart, wanted, from, now);
      setEmpty(entry.section, wanted.length === 0);
    }
  }

  /** Adds the snapshot's points that are newer than each series' newest, and drops what left the window. */
  function mergeSeries(snapshot) {
    const from = snapshot.now - state.windowMs;
    for (const series of snapshot.series) {
      let held = state.series.get(series.id);
      if (!held) {
        // The key without the snapshot's points: those are copied below, the snapshot is not kept.
        held = { key: Object.assign({}, series, { points: undefined }), points: [] };
        state.series.set(series.id, held);
      }
      let newest = held.points.length ? held.points[held.points.length - 1].x : -Infinity;
      for (const [at, value] of series.points) {
        if (at <= newest || typeof value !== 'number') continue;
        held.points.push({ x: at, y: value });
        newest = at;
        if (at > state.newestPointAt) state.newestPointAt = at;
      }
    }
    for (const held of state.series.values()) {
      let old = 0;
      while (old < held.points.length && held.points[old].x < from) old += 1;
      if (old > 0) held.points.splice(0, old);
    }
  }

  /** Records each alarm's state (a step when it changes), from its last change or the window's start. */
  function recordAlarmStates(alarms, now) {
    const from = now - state.windowMs;
    for (const alarm of alarms) {
      const value = STATE_VALUES[alarm.state] ?? STATE_VALUES.INSUFFICIENT_DATA;
      let history = state.alarmHistory.get(alarm.name);
      if (!history) {
        const changedAt = Date.parse(alarm.stateChangedAt);
        history = [
          { x: Math.max(from, Number.isFinite(changedAt) ? Math.min(changedAt, now) : now), y: value },
        ];
        state.alarmHistory.set(alarm.name, history);
      }
      const last = history[history.length - 1];
      const beforeLast = history[history.length - 2];
      if (beforeLast && beforeLast.y === value && last.y === value) last.x = now;
      else history.push({ x: now, y: value });
      while (history.length > 1 && history[1].x <= from) history.shift();
      if (history[0].x < from) history[0].x = from;
    }
    const names = new Set(alarms.map((alarm) => alarm.name));
    for (const name of state.alarmHistory.keys()) if (!names.has(name)) state.alarmHistory.delete(name);
  }

  function renderAlarms(alarms, now) {
    recordAlarmStates(alarms, now);
    const section = document.querySelector('section[data-panel="alarms"]');
    if (state.alarmChart) {
      const wanted = alarms.map((alarm) => ({
        id: alarm.name,
        label: alarm.name,
        points: state.alarmHistory.get(alarm.name) || [],
        stepped: 'after',
      }));
      setDatasets(state.alarmChart, wanted, timeRange(now).from, now);
      setEmpty(section, wanted.length === 0);
    }
    const rows = document.getElementById('alarm-rows');
    const fragment = document.createDocumentFragment();
    if (alarms.length === 0) fragment.appendChild(row([cell('no data yet', 4)], 'placeholder'));
    for (const alarm of alarms) {
      const stateCell = document.createElement('td');
      const stateClass = String(alarm.state).toLowerCase().replace(/_/g, '-');
      const badge = document.createElement('span');
      badge.className = `state state-${stateClass}`;
      badge.textContent = alarm.state;
      stateCell.appendChild(badge);
      const name = cell(alarm.name);
      name.title = alarm.description || '';
      const since = document.createElement('td');
      const time = document.createElement('time');
      time.dateTime = alarm.stateChangedAt;
      const changedAt = Date.parse(alarm.stateChangedAt);
      time.textContent = Number.isFinite(changedAt)
        ? `${formatTime(changedAt, true)} (${ago(now - changedAt)})`
        : '—';
      since.appendChild(time);
      const tr = row([name, stateCell, cell(alarm.stateReason || ''), since], `alarm alarm-${stateClass}`);
      tr.dataset.alarm = alarm.name;
      tr.dataset.state = alarm.state;
      fragment.appendChild(tr);
    }
    rows.replaceChildren(fragment);
  }

  function ago(ms) {
    const seconds = Math.max(0, Math.round(ms / 1000));
    if (seconds < 90) return `${seconds} s ago`;
    if (seconds < 5400) return `${Math.round(seconds / 60)} min ago`;
    return `${Math.round(seconds / 3600)} h ago`;
  }

  function cell(text, colspan) {
    const td = document.createElement('td');
    td.textContent = text;
    if (colspan) td.colSpan = colspan;
    return td;
  }

  function row(cells, className) {
    const tr = document.createElement('tr');
    tr.className = className;
    for (const td of cells) tr.appendChild(td);
    return tr;
  }

  function showError(message) {
    const banner = document.getElementById('error-banner');
    banner.textContent = message;
    banner.hidden = false;
    document.body.classList.add('stale');
  }

  function hideError() {
    document.getElementById('error-banner').hidden = true;
    document.body.classList.remove('stale');
  }

  async function fetchSnapshot() {
    const since = state.newestPointAt > 0 ? Math.max(0, state.newestPointAt - OVERLAP_MS) : undefined;
    const url = since === undefined ? SNAPSHOT_URL : `${SNAPSHOT_URL}?since=${since}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), FETCH_TIMEOUT_MS);
    try {
      const response = await fetch(url, { cache: 'no-store', signal: controller.signal });
      if (!response.ok) {
        const body = await response.json().catch(() => undefined);
        const reason = body && typeof body.error === 'string' ? `: ${body.error}` : '';
        throw new Error(`HTTP ${response.status}${reason}`);
      }
      return await response.json();
    } catch (error) {
      if (error && error.name === 'AbortError') throw new Error(`no answer in ${FETCH_TIMEOUT_MS / 1000} s`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  async function poll() {
    try {
      const snapshot = await fetchSnapshot();
      if (Number.isFinite(snapshot.refreshMs) && snapshot.refreshMs > 0) state.refreshMs = snapshot.refreshMs;
      if (Number.isFinite(snapshot.windowMs) && snapshot.windowMs > 0) state.windowMs = snapshot.windowMs;
      mergeSeries(snapshot);
      renderPanels(snapshot.now);
      renderAlarms(snapshot.alarms || [], snapshot.now);
      hideError();
      const updated = document.getElementById('last-updated');
      updated.dateTime = new Date().toISOString();
      updated.textContent = formatTime(Date.now(), true);
      document.getElementById('refresh-note').textContent = `(every ${state.refreshMs / 1000} s)`;
    } catch (error) {
      showError(
        `Could not load the monitor's data (${error && error.message ? error.message : error}) at ` +
          `${formatTime(Date.now(), true)}; retrying every ${state.refreshMs / 1000} s. The charts show the last data received.`,
      );
    } finally {
      setTimeout(poll, state.refreshMs);
    }
  }

  function start() {
    if (typeof window.Chart !== 'function') {
      showError('Chart.js did not load (/dashboard/assets/chart.umd.js): the charts cannot be drawn.');
      return;
    }
    for (const panel of PANELS) {
      const section = document.querySelector(`section[data-panel="${panel.id}"]`);
      const canvas = section && section.querySelector('canvas');
      if (!canvas) continue;
      const yAxis = panel.max === undefined ? {} : { suggestedMax: panel.max };
      state.charts.set(panel.id, { section, chart: createChart(canvas, panel.unit, yAxis) });
    }
    const alarmCanvas = document.querySelector('section[data-panel="alarms"] canvas');
    if (alarmCanvas) {
      const stateName = (value) => STATE_NAMES[value] || '';
      state.alarmChart = createChart(
        alarmCanvas,
        '',
        { min: 0, max: 2, ticks: { stepSize: 1, callback: stateName } },
        stateName,
      );
    }
    void poll();
  }

  start();
})();
