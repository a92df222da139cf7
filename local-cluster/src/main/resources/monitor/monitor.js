// The CreditGrid supervision monitor: draws the city from /events (server-sent events over the committed
// unit-stats, inspection-triggers and inspection-publications topics). No framework; ECharts from its WebJar.
(function () {
  'use strict';

  const TEXT = {
    zh: {
      title: '信用风险分类监管 · 实时监测', enterprises: '市场主体', raised: '近一日升级', lowered: '近一日降级',
      triggersDay: '近一日触发', tasksDrawn: '双随机任务', openCases: '待认领工单', freshness: '数据新鲜度',
      map: '网格单元', cdShare: 'C+D 占比', completion: '完成率', classByDistrict: '各区风险分类',
      feed: '实时触发', progress: '双随机抽查进度（按区）', district: '区', due: '应查', inspected: '已查',
      overdue: '逾期', outcomes: '结果', trend: '全市 C+D 占比趋势', job: '作业', checkpoint: '最近检查点',
      inputLag: '未处理输入', asOf: '数据截至', live: '实时', stale: '延迟', offline: '离线', unclaimed: '未认领',
      pools: '监管库', noUnit: '无数据', secondsAgo: '秒前', prudent: '审慎', inclusive: '包容', general: '一般',
      unknown: '未知'
    },
    en: {
      title: 'Credit-risk supervision · live monitor', enterprises: 'Enterprises', raised: 'Raised (day)',
      lowered: 'Lowered (day)', triggersDay: 'Triggers (day)', tasksDrawn: 'Tasks drawn', openCases: 'Open claim cases',
      freshness: 'Freshness', map: 'Grid units', cdShare: 'C+D share', completion: 'Completion',
      classByDistrict: 'Risk class by district', feed: 'Live triggers', progress: 'Double-random progress by district',
      district: 'District', due: 'Due', inspected: 'Inspected', overdue: 'Overdue', outcomes: 'Outcomes',
      trend: 'City C+D share', job: 'Job', checkpoint: 'Last checkpoint', inputLag: 'Input lag', asOf: 'Data as of',
      live: 'LIVE', stale: 'STALE', offline: 'OFFLINE', unclaimed: 'Unclaimed', pools: 'Pools', noUnit: 'no data',
      secondsAgo: 's ago', prudent: 'Prudent', inclusive: 'Inclusive', general: 'General', unknown: 'unknown'
    }
  };
  const DISTRICT_EN = {
    '440103': 'Liwan', '440104': 'Yuexiu', '440105': 'Haizhu', '440106': 'Tianhe', '440111': 'Baiyun',
    '440112': 'Huangpu', '440113': 'Panyu', '440114': 'Huadu', '440115': 'Nansha', '440117': 'Conghua',
    '440118': 'Zengcheng'
  };
  const REASON = {
    zh: { COMPLAINT: '投诉举报', DATA_ALERT: '数据预警', REFERRAL: '转办线索', ABNORMAL_LIST_ENTRY: '列入经营异常',
          CLASS_RAISED_TO_C: '升为C类', CLASS_RAISED_TO_D: '升为D类', TASK_OVERDUE: '任务逾期' },
    en: { COMPLAINT: 'Complaint', DATA_ALERT: 'Data alert', REFERRAL: 'Referral', ABNORMAL_LIST_ENTRY: 'Abnormal list',
          CLASS_RAISED_TO_C: 'Raised to C', CLASS_RAISED_TO_D: 'Raised to D', TASK_OVERDUE: 'Task overdue' }
  };
  const OUTCOME = {
    zh: { OK: '未发现问题', PROBLEM_CORRECTED: '已责令整改', VIOLATION_CASE: '立案查处', NOT_FOUND_AT_ADDRESS: '查无下落' },
    en: { OK: 'OK', PROBLEM_CORRECTED: 'Corrected', VIOLATION_CASE: 'Case opened', NOT_FOUND_AT_ADDRESS: 'Not found' }
  };
  // The text key of each map measure.
  const MEASURE_TEXT = { cdShare: 'cdShare', triggersLastDay: 'triggersDay', completion: 'completion' };
  const CLASS_COLOURS = { A: '#2e9d5b', B: '#5b8def', C: '#f0a500', D: '#e0474c' };

  const state = {
    lang: 'zh', stats: new Map(), triggers: [], outcomes: {}, trend: [], pipeline: {}, connected: false,
    lastMessage: 0, lastRecord: 0, measure: 'cdShare', unit: null, dirty: true, units: [], districtNames: {}
  };
  let mapChart, classChart, trendChart, source;

  const $ = (id) => document.getElementById(id);
  const t = (key) => TEXT[state.lang][key] || key;
  const fmt = (n) => (n === undefined || n === null ? '–' : Number(n).toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en'));
  const pct = (x) => (x === undefined || x === null || isNaN(x) ? '–' : (100 * x).toFixed(1) + '%');
  const districtName = (code) => (state.lang === 'en' ? DISTRICT_EN[code] : state.districtNames[code]) || code || t('unknown');

  function unitName(id) {
    const s = state.stats.get(id);
    const f = state.units.find((u) => u.unitId === id);
    return (s && s.name) || (f && f.unitName) || id;
  }

  function measureOf(s) {
    if (!s) { return null; }
    if (state.measure === 'cdShare') { return s.cdShare; }
    if (state.measure === 'triggersLastDay') { return s.triggersLastDay; }
    return s.tasks.drawn > 0 ? s.tasks.done / s.tasks.drawn : null;
  }

  function measureText(v) {
    if (v === undefined || v === null || isNaN(v)) { return '–'; }
    return state.measure === 'triggersLastDay' ? fmt(Math.round(v)) : pct(v);
  }

  function boundingCoords(geo) {
    let minX = 180, minY = 90, maxX = -180, maxY = -90;
    const visit = (c) => {
      if (typeof c[0] === 'number') {
        minX = Math.min(minX, c[0]); maxX = Math.max(maxX, c[0]); minY = Math.min(minY, c[1]); maxY = Math.max(maxY, c[1]);
      } else { c.forEach(visit); }
    };
    geo.features.forEach((f) => visit(f.geometry.coordinates));
    return [[minX, maxY], [maxX, minY]];
  }

  function drawMap(bounds) {
    mapChart.setOption({
      tooltip: { trigger: 'item', formatter: (p) => p.seriesIndex === 0 ? echarts.format.encodeHTML(unitName(p.name))
          + '<br>' + t(MEASURE_TEXT[state.measure]) + ': ' + measureText(p.value) : '' },
      visualMap: { seriesIndex: 0, min: 0, max: 1, calculable: true, left: 10, bottom: 10, orient: 'horizontal',
                   formatter: measureText, inRange: { color: ['#1f4e79', '#f0a500', '#e0474c'] },
                   textStyle: { color: '#e6edf7' } },
      series: [
        { type: 'map', map: 'gz-units', nameProperty: 'unitId', boundingCoords: bounds, layoutCenter: ['50%', '50%'],
          layoutSize: '96%', selectedMode: false, itemStyle: { borderColor: '#0d1726', borderWidth: 0.5,
          areaColor: '#22344f' }, emphasis: { label: { show: false }, itemStyle: { areaColor: '#9fd3ff' } },
          label: { show: false }, data: [] },
        { type: 'map', map: 'gz-districts', nameProperty: 'name', boundingCoords: bounds,
          layoutCenter: ['50%', '50%'], layoutSize: '96%', silent: true, selectedMode: false, z: 5,
          itemStyle: { areaColor: 'rgba(0,0,0,0)', borderColor: '#cfe3ff', borderWidth: 1.6 },
          label: { show: false }, data: [] }
      ]
    });
    mapChart.on('click', (p) => { if (p.seriesIndex === 0) { openUnit(p.name); } });
  }

  function render() {
    if (!state.dirty) { return; }
    state.dirty = false;
    const city = state.stats.get('city');
    if (city) {
      $('kpi-enterprises').textContent = fmt(city.enterprises);
      ['A', 'B', 'C', 'D'].forEach((c) => { $('kpi-' + c).textContent = fmt(city.byClass[c]); });
      $('kpi-raised').textContent = fmt(city.raisedLastDay);
      $('kpi-lowered').textContent = fmt(city.loweredLastDay);
      $('kpi-triggers').textContent = fmt(city.triggersLastDay);
      $('kpi-drawn').textContent = fmt(city.tasks.drawn);
      $('kpi-cases').textContent = fmt(city.openClaimCases);
      $('pipe-asof').textContent = new Date(city.asOf).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
    }
    const values = state.units.map((u) => ({ name: u.unitId, value: measureOf(state.stats.get(u.unitId)) }));
    const max = state.measure === 'triggersLastDay'
      ? Math.max(1, ...values.map((v) => v.value || 0)) : Math.max(0.05, ...values.map((v) => v.value || 0));
    mapChart.setOption({ visualMap: { max: max, formatter: measureText }, series: [{ data: values }] });

    const districts = [...state.stats.values()].filter((s) => s.level === 'DISTRICT')
      .sort((a, b) => a.id.localeCompare(b.id));
    classChart.setOption({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: ['A', 'B', 'C', 'D'], textStyle: { color: '#e6edf7' }, top: 0 },
      grid: { left: 70, right: 12, top: 28, bottom: 20 },
      xAxis: { type: 'value', axisLabel: { color: '#8fa3bf' }, splitLine: { lineStyle: { color: '#22344f' } } },
      yAxis: { type: 'category', data: districts.map((d) => districtName(d.id)), axisLabel: { color: '#e6edf7' } },
      series: ['A', 'B', 'C', 'D'].map((c) => ({ name: c, type: 'bar', stack: 'class', itemStyle: { color: CLASS_COLOURS[c] },
                                                 data: districts.map((d) => d.byClass[c]) }))
    });

    const body = $('progress').querySelector('tbody');
    body.replaceChildren(...districts.map((d) => {
      const tr = document.createElement('tr');
      const outcomes = Object.entries(state.outcomes[d.id] || {})
        .map(([o, n]) => (OUTCOME[state.lang][o] || o) + ' ' + fmt(n)).join(' · ');
      [districtName(d.id), fmt(d.tasks.drawn), fmt(d.tasks.done), d.tasks.drawn ? pct(d.tasks.done / d.tasks.drawn) : '–',
       fmt(d.tasks.overdue), outcomes || '–'].forEach((v) => {
        const td = document.createElement('td'); td.textContent = v; tr.appendChild(td);
      });
      return tr;
    }));

    $('feed').replaceChildren(...state.triggers.slice(0, 30).map((x) => {
      const li = document.createElement('li');
      li.className = 'urgency-' + x.urgency;
      const when = document.createElement('span');
      when.textContent = new Date(x.eventTime).toISOString().slice(5, 16).replace('T', ' ');
      const what = document.createElement('span');
      what.textContent = (REASON[state.lang][x.reason] || x.reason) + ' · ' + (x.unitId ? unitName(x.unitId) : districtName(x.districtCode));
      const code = document.createElement('span');
      code.className = 'code';
      code.textContent = x.code + (x.riskClass ? ' ' + x.riskClass : '');
      li.append(when, what, code);
      return li;
    }));

    trendChart.setOption({
      grid: { left: 48, right: 12, top: 12, bottom: 28 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time', axisLabel: { color: '#8fa3bf' } },
      yAxis: { type: 'value', axisLabel: { color: '#8fa3bf', formatter: '{value}%' }, splitLine: { lineStyle: { color: '#22344f' } } },
      series: [{ type: 'line', showSymbol: false, name: t('cdShare'), itemStyle: { color: '#f0a500' },
                 data: state.trend.map((p) => [p.t, +(100 * p.cd).toFixed(2)]) }]
    });
    if (state.unit) { openUnit(state.unit); }
  }

  function openUnit(id) {
    state.unit = id;
    const s = state.stats.get(id);
    const card = $('unit');
    card.hidden = false;
    card.dataset.unit = id;
    const rows = s ? [
      [t('enterprises'), fmt(s.enterprises)], ['A / B / C / D', ['A', 'B', 'C', 'D'].map((c) => fmt(s.byClass[c])).join(' / ')],
      [t('cdShare'), pct(s.cdShare)], [t('triggersDay'), fmt(s.triggersLastDay)],
      [t('pools'), [t('prudent') + ' ' + fmt(s.byPool.PRUDENT), t('inclusive') + ' ' + fmt(s.byPool.INCLUSIVE)].join(' · ')],
      [t('tasksDrawn'), fmt(s.tasks.drawn)], [t('inspected'), fmt(s.tasks.done)], [t('overdue'), fmt(s.tasks.overdue)]
    ] : [[t('noUnit'), '']];
    const h = document.createElement('h3');
    h.textContent = unitName(id) + ' · ' + districtName(s ? s.districtCode : id.slice(0, 6));
    const dl = document.createElement('dl');
    rows.forEach(([k, v]) => {
      const dt = document.createElement('dt'); dt.textContent = k;
      const dd = document.createElement('dd'); dd.textContent = v;
      if (s) { dd.dataset.figure = k; }
      dl.append(dt, dd);
    });
    card.replaceChildren(h, dl);
    card.dataset.enterprises = s ? s.enterprises : '';
    card.dataset.version = s ? s.version : '';
  }

  function tick() {
    const now = Date.now();
    const badge = $('live');
    const mode = !state.connected ? 'offline' : now - state.lastMessage < 6000 ? 'live' : 'stale';
    badge.className = 'badge ' + mode;
    badge.dataset.state = mode;
    badge.textContent = '● ' + t(mode);
    $('kpi-freshness').textContent = state.lastRecord ? Math.round((now - state.lastRecord) / 1000) + t('secondsAgo') : '–';
    const p = state.pipeline;
    $('pipe-status').textContent = p.status ? p.status : (p.job === 'none' ? '–' : '–');
    $('pipe-checkpoint').textContent = p.lastCheckpointMs ? Math.round((now - p.lastCheckpointMs) / 1000) + t('secondsAgo')
      + ' (' + p.lastCheckpointDurationMs + ' ms)' : '–';
    $('pipe-lag').textContent = p.inputLag === undefined ? '–' : fmt(p.inputLag);
    render();
  }

  // Later publication wins (the job's processing time, then the version): a job started afresh counts from 1 again.
  function accept(s) {
    const had = state.stats.get(s.id);
    if (!had || s.updatedAt > had.updatedAt || (s.updatedAt === had.updatedAt && s.version > had.version)) {
      state.stats.set(s.id, s);
      if (s.level === 'DISTRICT' && s.name) { state.districtNames[s.id] = s.name; }
      state.dirty = true;
      return true;
    }
    return false;
  }

  function connect() {
    source = new EventSource('/events');
    source.onopen = () => { state.connected = true; };
    source.onerror = () => { state.connected = false; };
    const heard = () => { state.connected = true; state.lastMessage = Date.now(); };
    source.addEventListener('snapshot', (e) => {
      heard();
      const s = JSON.parse(e.data);
      state.stats.clear();
      s.stats.forEach(accept);
      state.triggers = s.triggers;
      state.outcomes = s.outcomes;
      state.trend = s.trend;
      state.pipeline = s.pipeline || {};
      state.lastRecord = s.lastRecordMs || 0;
      state.dirty = true;
    });
    source.addEventListener('stats', (e) => {
      heard();
      const s = JSON.parse(e.data);
      if (accept(s) && s.id === 'city') {
        state.trend.push({ t: s.asOf, cd: s.cdShare });
        if (state.trend.length > 240) { state.trend.shift(); }
      }
      state.lastRecord = Date.now();
    });
    source.addEventListener('trigger', (e) => {
      heard();
      const x = JSON.parse(e.data);
      if (state.triggers.some((y) => y.id === x.id)) { return; } // sent in the snapshot already
      state.triggers.unshift(x);
      state.triggers.length = Math.min(state.triggers.length, 40);
      state.lastRecord = Date.now();
      state.dirty = true;
    });
    source.addEventListener('outcomes', (e) => {
      heard();
      const o = JSON.parse(e.data);
      state.outcomes[o.districtCode] = o.outcomes;
      state.dirty = true;
    });
    source.addEventListener('pipeline', (e) => { heard(); state.pipeline = JSON.parse(e.data); });
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    $('lang').textContent = state.lang === 'zh' ? 'EN' : '中文';
    document.title = 'CreditGrid · ' + t('title');
    state.dirty = true;
  }

  async function init() {
    const [units, districts] = await Promise.all([
      fetch('/geo/units.json').then((r) => r.json()), fetch('/geo/districts.json').then((r) => r.json())]);
    state.units = units.features.map((f) => f.properties);
    districts.features.forEach((f) => { state.districtNames[String(f.properties.adcode)] = f.properties.name; });
    echarts.registerMap('gz-units', units);
    echarts.registerMap('gz-districts', districts);
    mapChart = echarts.init($('map'), null, { renderer: 'svg' });
    classChart = echarts.init($('classes'));
    trendChart = echarts.init($('trend'));
    drawMap(boundingCoords(units));
    $('measure').addEventListener('change', (e) => { state.measure = e.target.value; state.dirty = true; render(); });
    $('lang').addEventListener('click', () => { state.lang = state.lang === 'zh' ? 'en' : 'zh'; applyLanguage(); tick(); });
    window.addEventListener('resize', () => { [mapChart, classChart, trendChart].forEach((c) => c.resize()); });
    applyLanguage();
    connect();
    tick();
    setInterval(tick, 1000);
  }

  // For the browser test and the curious: what the page holds, read-only.
  window.creditgrid = {
    // Units drawn: data items of the map series that have a graphic element on the chart.
    unitShapes: () => {
      if (!mapChart) { return 0; }
      const data = mapChart.getModel().getSeriesByIndex(0).getData();
      let drawn = 0;
      for (let i = 0; i < data.count(); i++) { if (data.getItemGraphicEl(i)) { drawn++; } }
      return drawn;
    },
    unitRegions: () => (echarts.getMap('gz-units') ? echarts.getMap('gz-units').geoJSON.features.length : 0),
    figure: (id) => state.stats.get(id) || null,
    openUnit: (id) => { openUnit(id); },
    live: () => $('live').dataset.state
  };

  init();
})();
